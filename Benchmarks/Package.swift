// swift-tools-version:6.1
//
// shardplace benchmarks: a separate package so that its first build (minutes) stays out of the default
// test run. Run with `swift package benchmark` from this folder; see ../BENCHMARKS.md.

import PackageDescription

let package = Package(
    name: "shardplace-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "shardplace", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EvaluatorBenchmarks",
            dependencies: [
                .product(name: "ShardPlace", package: "shardplace"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EvaluatorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .target(
            name: "CABISupport",
            dependencies: [.product(name: "ShardPlace", package: "shardplace")],
            path: "Benchmarks/CABISupport"
        ),
        .executableTarget(
            name: "CABIOverhead",
            dependencies: ["CABISupport"],
            path: "Benchmarks/CABIOverhead"
        ),
        .executableTarget(
            name: "CABIBenchmarks",
            dependencies: [
                "CABISupport",
                .product(name: "ShardPlace", package: "shardplace"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CABIBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TopologyBenchmarks",
            dependencies: [
                .product(name: "ShardPlace", package: "shardplace"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TopologyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
