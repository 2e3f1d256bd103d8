import Synchronization
import Testing

@testable import ShardPlace

/// The `async` solve: the same search as the synchronous one, off the caller's executor, and stopped early
/// by Task cancellation with a result that is still evaluated in full.
@Suite struct AnnealerAsyncTests {
    /// How often the stop test was asked.
    final class Counter: Sendable {
        let count = Atomic<Int>(0)
    }

    /// `shards` shards on `shards / 10` hosts in 2 resources at 60 % fill, a third of them in groups of 3.
    static func model(shards: Int, seed: UInt64) throws -> CostModel {
        var random = SplitMix64(seed: seed)
        let hosts = shards / 10
        let demand = (0..<shards * 2).map { _ in 1 + 3 * random.nextDouble() }
        let capacity = (0..<hosts * 2).map { i in
            demand.enumerated().filter { $0.offset % 2 == i % 2 }.reduce(0) { $0 + $1.element } / Double(hosts) / 0.6
        }
        let groups = (0..<shards).map { $0 < shards / 3 ? $0 / 3 : -1 }
        let traffic = (0..<shards).map { (from: $0, to: ($0 + 7) % shards, volume: 1 + Double($0 % 3)) }
        let scenario = try Scenario(
            resourceCount: 2, demand: demand, capacity: capacity, groups: groups, traffic: traffic)
        return CostModel(try Problem(scenario))
    }

    /// The synchronous solve (in an `async` function the `async` overload is chosen).
    static func solve(_ model: CostModel, _ options: Annealer.Options) -> Annealer.Result {
        Annealer(options: options).solve(model)
    }

    @Test("the async solve returns the synchronous solve's placement for the same seed, chains and budget")
    func sameAsSynchronous() async throws {
        let model = try Self.model(shards: 300, seed: 4)
        var options = Annealer.Options()
        options.threads = 2
        options.seed = 17
        options.iterations = 20_000
        let synchronous = Self.solve(model, options)
        let result = await Annealer(options: options).solve(model)
        #expect(result.placement == synchronous.placement)
        #expect(result.evaluation.total == synchronous.evaluation.total)
        #expect(result.moves == synchronous.moves)
        #expect(!result.stopped && !synchronous.stopped)
        #expect(result.evaluation.isFeasible)
    }

    @Test("cancelling the task ends a long search early; the result is the best so far, evaluated in full")
    func cancelled() async throws {
        let model = try Self.model(shards: 500, seed: 5)
        var options = Annealer.Options()
        options.threads = 2
        options.iterations = 2_000_000_000  // hours in a debug build: only cancellation ends it in time
        options.timeLimit = 120  // a safety net, so that a broken cancellation fails instead of hanging
        // The caller's stop test is asked too: once before the first round, then by each chain about every
        // 1,024 moves; by the fourth question a chain has made moves.
        let asked = Counter()
        options.shouldStop = {
            asked.count.add(1, ordering: .relaxed)
            return false
        }
        let task = Task { await Annealer(options: options).solve(model) }
        while asked.count.load(ordering: .relaxed) < 4 { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        let result = await task.value
        #expect(result.stopped)
        #expect(result.moves > 0 && result.moves < 2_000_000_000)
        #expect(!result.placement.leaves.contains(-1))
        let full = model.evaluate(result.placement)
        #expect(full.total == result.evaluation.total && full.isFeasible == result.evaluation.isFeasible)
        #expect(result.evaluation.isFeasible || !result.evaluation.violations.isEmpty)
        #expect(result.evaluation.isFeasible || !result.start.isFeasible)  // never worse than a feasible start
    }

    @Test("a task cancelled before the call gets the starting placement, with no annealing move")
    func cancelledBeforeStart() async throws {
        let model = try Self.model(shards: 300, seed: 6)
        var options = Annealer.Options()
        options.threads = 2
        options.iterations = 100_000
        let result = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await Annealer(options: options).solve(model)
        }.value
        #expect(result.stopped && result.moves == 0)
        #expect(result.evaluation.total == result.start.total)
        #expect(!result.placement.leaves.contains(-1))
    }

    @Test("a caller's own stop test is asked too, and ends the synchronous solve")
    func ownStop() throws {
        let model = try Self.model(shards: 300, seed: 7)
        var options = Annealer.Options()
        options.threads = 1
        options.iterations = 2_000_000_000
        options.timeLimit = 120
        let asked = Counter()
        // Chains ask about every 1,024 moves: stop after about 20,000.
        options.shouldStop = { asked.count.wrappingAdd(1, ordering: .relaxed).newValue > 20 }
        let result = Self.solve(model, options)
        #expect(result.stopped && result.moves < 1_000_000)
        #expect(model.evaluate(result.placement).total == result.evaluation.total)
    }
}
