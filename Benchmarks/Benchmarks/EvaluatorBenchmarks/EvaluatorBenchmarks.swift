import Benchmark
import ShardPlace

/// The cost evaluator on generated scenarios (4 resources, host depth): incremental shift deltas,
/// scans of hosts, and full evaluations. Each delta iteration prices 1,000,000 random shifts, so
/// evaluations per second = 1,000,000 / wall-clock time of one iteration; each scan iteration prices
/// 1,000 shards' shifts to every host (1,000 × hosts shifts).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(5))

    for (shards, hosts) in [(10_000, 1_000), (100_000, 10_000), (1_000_000, 10_000)] {
        let name = "\(shards / 1000)k shards × \(hosts / 1000)k hosts"
        Benchmark("delta: 1M shift evaluations, \(name)", configuration: .init(maxIterations: 20)) { benchmark, setup in
            let (problem, moves) = setup
            let model = CostModel(problem)
            let state = CostState(model: model, placement: Placement(initialOf: problem))
            benchmark.startMeasurement()
            var sum = 0.0
            for m in 0..<moves.count / 2 {
                sum += state.shiftDelta(Int(moves[2 &* m]), to: Int(moves[2 &* m &+ 1])).load
            }
            blackHole(sum)
        } setup: {
            Setup.make(shards: shards, hosts: hosts)
        }
        Benchmark("scan: 1,000 shards' shifts to every host, \(name)", configuration: .init(maxIterations: 20)) {
            benchmark, setup in
            let (problem, moves) = setup
            let model = CostModel(problem)
            let state = CostState(model: model, placement: Placement(initialOf: problem))
            let scan = ShiftScan(problem)
            precondition(state.scans(with: scan), "a generated host-level scenario is scanned")
            let lambda = SIMD8<Double>(repeating: 1e4)
            benchmark.startMeasurement()
            var sum = 0.0
            for m in 0..<1_000 {
                state.scanShifts(Int(moves[2 &* m]), weights: problem.weights, lambda: lambda, into: scan)
                sum += scan.value(atHost: Int(moves[2 &* m &+ 1]) % problem.hostCount)
            }
            blackHole(sum)
        } setup: {
            Setup.make(shards: shards, hosts: hosts)
        }
        Benchmark("full evaluation, \(name)", configuration: .init(maxIterations: 10)) { benchmark, setup in
            let (problem, _) = setup
            let model = CostModel(problem)
            let placement = Placement(initialOf: problem)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(model.evaluate(placement).total) }
        } setup: {
            Setup.make(shards: shards, hosts: hosts)
        }
    }
}

enum Setup {
    /// A generated scenario and 1,000,000 random (shard, leaf) pairs.
    static func make(shards: Int, hosts: Int) -> (Problem, [Int32]) {
        let scenario = ScenarioGenerator.generate(.init(shards: shards, hosts: hosts, resources: 4, seed: 42))
        let problem = try! Problem(scenario)
        var g = SplitMix64(seed: 7)
        var moves = [Int32](repeating: 0, count: 2_000_000)
        for i in 0..<1_000_000 {
            moves[2 * i] = Int32(g.next(below: problem.shardCount))
            moves[2 * i + 1] = Int32(g.next(below: problem.leafCount))
        }
        return (problem, moves)
    }
}
