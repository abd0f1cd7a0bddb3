// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Backlab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "backlab", targets: ["backlab"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // `backlab serve`: the HTTP server (SwiftNIO underneath), without its optional traits
        // (swift-configuration, full Foundation), and the service group it runs in.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        // SHA-256 for config hashes and data fingerprints, from the system's libcrypto.
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        // Cairo for PNG charts.
        .systemLibrary(
            name: "CCairo", pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]),
        // Bytes on disk: SHA-256 digests and atomic writes. Below everything that hashes or writes.
        .target(name: "Storage", dependencies: ["COpenSSL"]),
        // Market data, indicators, plugins, execution and metrics. No YAML, HTML or Cairo.
        .target(name: "Engine"),
        // The YAML model (AppConfig), validation with file:line:col, overrides, config hash.
        .target(
            name: "Study",
            dependencies: ["Engine", "Storage", .product(name: "Yams", package: "Yams")]),
        // The ParallelRunService, progress, interruption, data fingerprints and run-cost memo.
        .target(name: "Runner", dependencies: ["Storage"]),
        // StrategyOrchestrator, OptimizationService, VariantTestService, the result cache (its
        // whole format) and the build's steps up to the results.
        .target(name: "Workflows", dependencies: ["Engine", "Study", "Runner", "Storage"]),
        // Chart models (tested without pixels) and their Cairo renderer.
        .target(name: "Charts", dependencies: ["CCairo", "Engine"]),
        // View models, Mustache pages and the incremental site writer.
        .target(
            name: "Report",
            dependencies: [
                "Engine", "Study", "Storage", "Runner", "Workflows", "Charts", .product(name: "Mustache", package: "swift-mustache"),
            ]),
        // `backlab publish`: versioned folders of the site, hard links, one atomic switch.
        .target(name: "Publishing", dependencies: ["Storage"]),
        // `backlab serve`: the preview server, live reload and the watcher. Knows HTTP, not builds.
        .target(
            name: "Preview",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "BacklabCLI",
            dependencies: [
                "Engine", "Study", "Storage", "Runner", "Workflows", "Charts", "Report", "Publishing", "Preview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "backlab", dependencies: ["BacklabCLI"]),
        // What the fuzzer feeds bytes to, and its libFuzzer entry point (scripts/fuzz.sh builds
        // it with -sanitize=fuzzer; plainly built, it replays files).
        .target(name: "FuzzTargets", dependencies: ["Engine", "Storage", "Study", "Workflows"]),
        .executableTarget(name: "backlab-fuzz", dependencies: ["FuzzTargets"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine"], exclude: ["Fixtures"]),
        .testTarget(name: "StudyTests", dependencies: ["Study"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Engine", "Study"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "Storage"], exclude: ["Fixtures"]),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets"]),
        .testTarget(name: "PublishingTests", dependencies: ["Publishing"]),
        .testTarget(name: "PreviewTests", dependencies: ["Preview"]),
        .testTarget(
            name: "CLITests", dependencies: ["BacklabCLI", "Engine", "Report", "Study", "Storage", "Workflows", "backlab"],
            exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
