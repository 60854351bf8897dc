// swift-tools-version:6.2
// Micro-benchmarks of Mekong's hot paths, with ordo-one/benchmark. A package of its own, so
// that the main build and its tests stay light. Run: scripts/bench --micro
import PackageDescription

let package = Package(
    name: "MekongBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "mekong"),   // a link to the repository, so the identity is "mekong" wherever it is cloned
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MekongBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MekongKit", package: "mekong"),
            ],
            path: "Benchmarks/MekongBenchmarks",   // the benchmark plugin looks for targets under a Benchmarks/ folder
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
