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

    /// The compiled model behind one reference: a call takes it with one reference count, not one per
    /// array of the ``Problem`` (about sixty), which would cost a microsecond per call.
    final class Compiled: Sendable {
        let model: CostModel

        init(_ model: CostModel) { self.model = model }
    }

    struct State: Sendable {
        /// The scenario, with the weights and migration limits set through the C ABI.
        var scenario: Scenario
        var compiled: Compiled
        var options: Annealer.Options
        /// The byte limit of a plan (`"maxBytesTotal"`; the scenario's policy has no such field).
        var maxBytesTotal: Double?
        var solution: Solution?
    }

    let state: Mutex<State>
    /// Held by every change of the scenario, across a recompilation (never by calls that only read), so
    /// that concurrent changes are applied one after the other and none is lost.
    let configuring = Mutex<Void>(())

    /// Compiles a valid scenario.
    init(_ scenario: Scenario) throws(CABIError) {
        let model = try Self.compile(scenario)
        var options = Annealer.Options()
        options.threads = nil
        state = Mutex(
            State(scenario: scenario, compiled: Compiled(model), options: options, maxBytesTotal: nil, solution: nil))
    }

    /// The compiled model now (immutable: a later "depth" change replaces it, and a caller keeps the one
    /// it took). Read fields through it (`compiled.model.problem.shardCount`) rather than copying them out.
    var compiled: Compiled { state.withLock { $0.compiled } }

    static func compile(_ scenario: Scenario) throws(CABIError) -> CostModel {
        do throws(ScenarioError) {
            return CostModel(try Problem(scenario))
        } catch {
            throw CABIError(status: SP_ERR_SCENARIO, message: error.description)
        }
    }
}
