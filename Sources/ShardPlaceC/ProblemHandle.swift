internal import CShardPlace
import ShardPlace
import Synchronization

/// What an `sp_problem` handle names: a scenario, its compiled model, the solve options and the last
/// solution. The state sits behind a lock that is held only to read or replace it, never while solving or
/// evaluating, so that calls on one problem from several threads are safe and do not wait for a solve.
final class ProblemHandle: Sendable {
    /// The last solve's outcome.
    struct Solution: Sendable {
        var placement: [Int32]
        var cost: Double
        var isFeasible: Bool
        var violations: [Violation]
        var moves: Int
        var seconds: Double
    }

    struct State: Sendable {
        var scenario: Scenario
        var model: CostModel
        var options: Annealer.Options
        var solution: Solution?
    }

    let state: Mutex<State>

    /// Compiles a valid scenario.
    init(_ scenario: Scenario) throws(CABIError) {
        let model = try Self.compile(scenario)
        var options = Annealer.Options()
        options.threads = nil
        state = Mutex(State(scenario: scenario, model: model, options: options, solution: nil))
    }

    /// The compiled model now (a value: later option changes do not affect a caller's copy).
    var model: CostModel { state.withLock { $0.model } }

    static func compile(_ scenario: Scenario) throws(CABIError) -> CostModel {
        do throws(ScenarioError) {
            return CostModel(try Problem(scenario))
        } catch {
            throw CABIError(status: SP_ERR_SCENARIO, message: error.description)
        }
    }
}
