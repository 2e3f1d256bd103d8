import Benchmark
import Foundation
import ShardPlace

/// Topology loading: how long hwloc parsing plus flattening takes, and what the per-leaf ancestor
/// table costs, on the project's samples.
let samples = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("topology-samples")

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(2))

    for name in ["2pack-2numa-smt", "large-8pack-512pu"] {
        let path = samples.appendingPathComponent("\(name).xml").path
        Benchmark("Topology.load \(name)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Topology.load(from: .xmlFile(path)))
            }
        }
        Benchmark("ancestorTable(core) \(name)") { benchmark in
            let topology = try Topology.load(from: .xmlFile(path))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(topology.ancestorTable(leafType: .core))
            }
        }
    }
}
