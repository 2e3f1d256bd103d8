import Benchmark
import CABISupport
import ShardPlace

// The C ABI against the Swift API: the cost of one call through libshardplace.so, and a 10⁵-shard solve
// from plain arrays through `sp_problem_create` / `sp_problem_solve` against the same solve through
// `Scenario(resourceCount:demand:capacity:groups:)`, `Problem`, `CostModel` and `Annealer` (same arrays,
// seed, chains and iteration budget, so both do the same moves). The library is loaded with dlopen, as a
// C or Python caller loads it: SHARDPLACE_LIB names it, default ../.build/release/libshardplace-c.so
// (`swift build -c release --product shardplace-c` in the root package).

let benchmarks: @Sendable () -> Void = {
    let c = CABI()
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))

    // Call overhead: a bare call, and a call that looks its handle up (lock + table).
    Benchmark("C ABI call: sp_abi_version", configuration: .init(scalingFactor: .mega)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(c.version()) }
    }
    let small = ArrayProblem(shards: 1_000, hosts: 100)
    var smallHandle: OpaquePointer?
    _ = c.create(
        Int32(small.shards), Int32(small.hosts), Int32(small.resources), small.demand, small.capacity, small.groups,
        &smallHandle)
    let sizeHandle = UInt(bitPattern: smallHandle)
    Benchmark("C ABI call: sp_problem_size (handle lookup)", configuration: .init(scalingFactor: .mega)) {
        benchmark in
        let handle = OpaquePointer(bitPattern: sizeHandle)
        for _ in benchmark.scaledIterations { blackHole(c.size(handle, "shards")) }
    }

    // Full evaluation of one placement of 10⁴ shards: through the C ABI and through the Swift API.
    let medium = ArrayProblem(shards: 10_000, hosts: 1_000)
    let mediumPlacement = (0..<medium.shards).map { Int32($0 % medium.hosts) }
    Benchmark("evaluate 10^4 shards: C ABI sp_problem_evaluate") { benchmark in
        var handle: OpaquePointer?
        _ = c.create(
            Int32(medium.shards), Int32(medium.hosts), Int32(medium.resources), medium.demand, medium.capacity,
            medium.groups, &handle)
        var cost = 0.0
        var feasible: Int32 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(c.evaluate(handle, mediumPlacement, &cost, &feasible)) }
        benchmark.stopMeasurement()
        c.free(handle)
    }
    Benchmark("evaluate 10^4 shards: Swift CostModel.evaluate") { benchmark in
        let scenario = try Scenario(
            resourceCount: medium.resources, demand: medium.demand.map(Double.init),
            capacity: medium.capacity.map(Double.init), groups: medium.groups.map(Int.init))
        let model = CostModel(try Problem(scenario))
        let placement = Placement(leaves: mediumPlacement)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(model.evaluate(placement)) }
    }

    // The acceptance benchmark: 10⁵ shards × 10⁴ hosts × 4 resources, 10⁶ moves, from arrays to a
    // placement in a caller array, creation and compilation included on both sides.
    let large = ArrayProblem(shards: 100_000, hosts: 10_000)
    let iterations = 1_000_000
    let solveConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], timeUnits: .milliseconds,
        maxDuration: .seconds(240), maxIterations: 6)
    for threads in [1, 2] {
        Benchmark("solve 10^5 shards, 1e6 moves, \(threads) chain(s): C ABI from arrays", configuration: solveConfiguration)
        { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(large.solveThroughCABI(c, threads: threads, iterations: iterations))
            }
        }
        Benchmark("solve 10^5 shards, 1e6 moves, \(threads) chain(s): Swift API", configuration: solveConfiguration) {
            benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try large.solveThroughSwift(threads: threads, iterations: iterations))
            }
        }
    }
}
