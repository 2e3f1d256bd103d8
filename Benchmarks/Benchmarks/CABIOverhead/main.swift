import CABISupport
import Foundation

// The C ABI's overhead on a solve, measured in pairs: the same 10⁵-shard problem solved from the same
// arrays through libshardplace.so (`sp_problem_create` … `sp_problem_solve` … `sp_problem_free`) and
// through the Swift API, one after the other, the order alternating pair by pair so that drift and the
// machine's other load fall on both alike. Each pair's placements must be identical (the same moves were
// made); the figure is the median of the per-pair ratios C ABI / Swift API, in process CPU time and in
// wall-clock time.
//
// Usage (from Benchmarks/): swift run -c release CABIOverhead [PAIRS [MOVES [THREADS [SHARDS HOSTS]]]]
// Defaults: 6 pairs, 10⁶ moves, 1 chain, 100,000 shards × 10,000 hosts × 4 resources.

let arguments = CommandLine.arguments.dropFirst().map { Int($0) }
guard arguments.allSatisfy({ $0 != nil }) else {
    FileHandle.standardError.write(Data("usage: CABIOverhead [PAIRS [MOVES [THREADS [SHARDS HOSTS]]]]\n".utf8))
    exit(2)
}
let values = arguments.map { $0! }
let pairs = values.count > 0 ? values[0] : 6
let moves = values.count > 1 ? values[1] : 1_000_000
let threads = values.count > 2 ? values[2] : 1
let shards = values.count > 3 ? values[3] : 100_000
let hosts = values.count > 4 ? values[4] : 10_000

func now() -> (cpu: Double, wall: Double) {
    var cpu = timespec()
    var wall = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu)
    clock_gettime(CLOCK_MONOTONIC, &wall)
    return (Double(cpu.tv_sec) + Double(cpu.tv_nsec) / 1e9, Double(wall.tv_sec) + Double(wall.tv_nsec) / 1e9)
}

func measure(_ body: () throws -> [Int32]) rethrows -> (cpu: Double, wall: Double, placement: [Int32]) {
    let start = now()
    let placement = try body()
    let end = now()
    return (end.cpu - start.cpu, end.wall - start.wall, placement)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let c = CABI()
let problem = ArrayProblem(shards: shards, hosts: hosts)
print("\(shards) shards × \(hosts) hosts × \(problem.resources) resources, \(moves) moves, \(threads) chain(s), \(pairs) pairs")
print("pair  order        C ABI cpu/wall (s)   Swift cpu/wall (s)   ratio cpu  ratio wall")
var cpuRatios: [Double] = []
var wallRatios: [Double] = []
var cabiCPU: [Double] = []
var swiftCPU: [Double] = []
for pair in 0..<pairs {
    let cabiFirst = pair % 2 == 0
    var a = (cpu: 0.0, wall: 0.0, placement: [Int32]())
    var s = a
    if cabiFirst {
        a = measure { problem.solveThroughCABI(c, threads: threads, iterations: moves) }
        s = try measure { try problem.solveThroughSwift(threads: threads, iterations: moves) }
    } else {
        s = try measure { try problem.solveThroughSwift(threads: threads, iterations: moves) }
        a = measure { problem.solveThroughCABI(c, threads: threads, iterations: moves) }
    }
    guard a.placement == s.placement else {
        print("pair \(pair): the placements differ: the two paths did not make the same moves")
        exit(1)
    }
    cpuRatios.append(a.cpu / s.cpu)
    wallRatios.append(a.wall / s.wall)
    cabiCPU.append(a.cpu)
    swiftCPU.append(s.cpu)
    print(
        String(
            format: "%4d  %-11@  %7.3f / %7.3f    %7.3f / %7.3f    %8.4f  %10.4f", pair,
            cabiFirst ? "C ABI first" : "Swift first", a.cpu, a.wall, s.cpu, s.wall, a.cpu / s.cpu, a.wall / s.wall))
}
print(
    String(
        format: "median: C ABI %.3f s cpu, Swift API %.3f s cpu; C ABI / Swift API: cpu %.4f, wall %.4f (identical placements)",
        median(cabiCPU), median(swiftCPU), median(cpuRatios), median(wallRatios)))
