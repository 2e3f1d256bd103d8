// swift-tools-version:6.1
//
// shardplace: a shard-placement engine. A C core reads hardware topology through hwloc and libnuma;
// the Swift library models, prices and solves placements; the `shardplace` executable is its CLI.

import PackageDescription

// MARK: - Shared settings

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// MARK: - System libraries (found through pkg-config, installed from apt)

let systemLibraries: [Target] = [
    .systemLibrary(
        name: "CHwloc",
        path: "CSources/CHwloc",
        pkgConfig: "hwloc",
        providers: [.apt(["libhwloc-dev"])]
    ),
    .systemLibrary(
        name: "CNuma",
        path: "CSources/CNuma",
        pkgConfig: "numa",
        providers: [.apt(["libnuma-dev"])]
    ),
]

// MARK: - Targets

let package = Package(
    name: "shardplace",
    products: [
        .library(name: "ShardPlace", targets: ["ShardPlace"]),
        // The signed trust ledger (SHA-256 chain, Ed25519); apart, so that the C ABI stays free of BoringSSL.
        .library(name: "ShardPlaceTrust", targets: ["ShardPlaceTrust"]),
        .executable(name: "shardplace", targets: ["ShardPlaceCLI"]),
        // The C ABI for other tools: libshardplace.so with CSources/CShardPlace/include/shardplace.h.
        .library(name: "shardplace-c", type: .dynamic, targets: ["ShardPlaceC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: systemLibraries + [
        .target(
            name: "CTopology",
            dependencies: ["CHwloc", "CNuma"],
            path: "CSources/CTopology",
            linkerSettings: [.linkedLibrary("hwloc"), .linkedLibrary("numa", .when(platforms: [.linux]))]
        ),
        .target(
            name: "ShardPlace",
            dependencies: ["CTopology", .product(name: "Yams", package: "Yams")],
            exclude: ["Scenario/scenario.schema.json"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ShardPlaceTrust",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CShardPlace",
            path: "CSources/CShardPlace",
            exclude: ["shardplace.pc.in", "shardplace.map", "install.sh"]
        ),
        .target(
            name: "ShardPlaceC",
            dependencies: ["ShardPlace", "CShardPlace"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ShardPlaceCLI",
            dependencies: [
                "ShardPlace",
                "ShardPlaceTrust",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ShardPlaceTestSupport",
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShardPlaceTests",
            dependencies: ["ShardPlace", "ShardPlaceTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShardPlaceTrustTests",
            dependencies: [
                "ShardPlaceTrust", "ShardPlace", "ShardPlaceTestSupport",
                // Only to check the documented format independently of the library.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShardPlaceCTests",
            dependencies: ["ShardPlaceC", "CShardPlace", "ShardPlace"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ShardPlaceCLITests",
            dependencies: ["ShardPlaceCLI", "ShardPlace", "ShardPlaceTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
