import Benchmark
import Foundation
import ShardPlace

// The C ABI against the Swift API: the cost of one call through libshardplace.so, and a 10⁵-shard solve
// from plain arrays through `sp_problem_create` / `sp_problem_solve` against the same solve through
// `Scenario(resourceCount:demand:capacity:groups:)`, `Problem`, `CostModel` and `Annealer` (same arrays,
// seed, chains and iteration budget, so both do the same moves). The library is loaded with dlopen, as a
// C or Python caller loads it: SHARDPLACE_LIB names it, default ../.build/release/libshardplace-c.so
// (`swift build -c release --product shardplace-c` in the root package).

/// The entry points used here, resolved with dlsym.
struct CABI: @unchecked Sendable {
    typealias Create =
        @convention(c) (
            Int32, Int32, Int32, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Int32>?,
            UnsafeMutablePointer<OpaquePointer?>?
        ) -> Int32
    typealias SetOption = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Double) -> Int32
    typealias Solve = @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?) -> Int32
    typealias Evaluate =
        @convention(c) (OpaquePointer?, UnsafePointer<Int32>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Int32>?)
        -> Int32
    typealias Size = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias Version = @convention(c) () -> Int32

    let version: Version
    let create: Create
    let setOption: SetOption
    let solve: Solve
    let evaluate: Evaluate
    let size: Size
    let free: Free

    init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path =
            ProcessInfo.processInfo.environment["SHARDPLACE_LIB"]
            ?? root.appendingPathComponent(".build/release/libshardplace-c.so").path
        guard let library = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            fatalError("cannot load \(path): \(String(cString: dlerror())); set SHARDPLACE_LIB")
        }
        func symbol<T>(_ name: String, _: T.Type) -> T {
            guard let address = dlsym(library, name) else { fatalError("\(path) has no \(name)") }
            return unsafeBitCast(address, to: T.self)
        }
        version = symbol("sp_abi_version", Version.self)
        create = symbol("sp_problem_create", Create.self)
        setOption = symbol("sp_problem_set_option", SetOption.self)
        solve = symbol("sp_problem_solve", Solve.self)
        evaluate = symbol("sp_problem_evaluate", Evaluate.self)
        size = symbol("sp_problem_size", Size.self)
        free = symbol("sp_problem_free", Free.self)
    }
}

/// A problem as plain arrays: demand uniform in [0.5, 2), capacity 1.5 × the total demand spread over the
/// hosts, every third shard of the first half in a replica group of 3 (distinct hosts).
struct ArrayProblem: Sendable {
    let shards: Int
    let hosts: Int
    let resources = 4
    let demand: [Float]
    let capacity: [Float]
    let groups: [Int32]

    init(shards: Int, hosts: Int) {
        self.shards = shards
        self.hosts = hosts
        let d = 4
        var random = SplitMix64(seed: 42)
        let demand = (0..<shards * d).map { _ in 0.5 + 1.5 * random.nextFloat() }
        var total = [Float](repeating: 0, count: d)
        for (i, v) in demand.enumerated() { total[i % d] += v }
        self.demand = demand
        self.capacity = (0..<hosts * d).map { 1.5 * total[$0 % d] / Float(hosts) }
        self.groups = (0..<shards).map { $0 < shards / 2 ? Int32($0 / 3) : -1 }
    }

    /// Through the C ABI: create from the arrays, set the options, solve into a caller array, free.
    func solveThroughCABI(_ c: CABI, threads: Int, iterations: Int) -> [Int32] {
        var handle: OpaquePointer?
        precondition(c.create(Int32(shards), Int32(hosts), Int32(resources), demand, capacity, groups, &handle) == 0)
        _ = c.setOption(handle, "threads", Double(threads))
        _ = c.setOption(handle, "seed", 1)
        _ = c.setOption(handle, "iterations", Double(iterations))
        var placement = [Int32](repeating: -1, count: shards)
        let status = c.solve(handle, &placement)
        precondition(status >= 0)
        c.free(handle)
        return placement
    }

    /// Through the Swift API, from the same arrays.
    func solveThroughSwift(threads: Int, iterations: Int) throws -> [Int32] {
        let scenario = try Scenario(
            resourceCount: resources, demand: demand.map(Double.init), capacity: capacity.map(Double.init),
            groups: groups.map(Int.init))
        var options = Annealer.Options()
        options.threads = threads
        options.seed = 1
        options.iterations = iterations
        return Annealer(options: options).solve(CostModel(try Problem(scenario))).placement.leaves
    }
}

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

    // The acceptance benchmark: 10⁵ shards × 10⁴ hosts × 4 resources, 2 × 10⁶ moves, from arrays to a
    // placement in a caller array, creation and compilation included on both sides.
    let large = ArrayProblem(shards: 100_000, hosts: 10_000)
    let iterations = 2_000_000
    let solveConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], maxDuration: .seconds(60),
        maxIterations: 5)
    for threads in [1, 2] {
        Benchmark("solve 10^5 shards, 2e6 moves, \(threads) chain(s): C ABI from arrays", configuration: solveConfiguration)
        { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(large.solveThroughCABI(c, threads: threads, iterations: iterations))
            }
        }
        Benchmark("solve 10^5 shards, 2e6 moves, \(threads) chain(s): Swift API", configuration: solveConfiguration) {
            benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try large.solveThroughSwift(threads: threads, iterations: iterations))
            }
        }
    }
}
