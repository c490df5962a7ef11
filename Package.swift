// swift-tools-version:6.0
import PackageDescription

// Layers (arrows point down): scheduler (CLI) → SchedulerDaemon → SchedulerCore → TOML
//                                                                 ↘ SystemCalls → CSystem
// SchedulerCore reaches files only through SystemCalls (FoundationEssentials' FileManager alone
// adds 7.5 MB to a static binary).
// No package dependencies, by design (DEVELOPERS.md).
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "scheduler",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scheduler", targets: ["scheduler"]),
        .executable(name: "toml-test-decoder", targets: ["toml-test-decoder"]),
    ],
    targets: [
        .target(name: "CSystem"),
        .target(name: "SystemCalls", dependencies: ["CSystem"], swiftSettings: v5),
        .target(name: "TOML", swiftSettings: v5),
        .target(name: "SchedulerCore", dependencies: ["TOML", "SystemCalls"], swiftSettings: v5),
        .target(name: "SchedulerDaemon", dependencies: ["SchedulerCore", "SystemCalls"], swiftSettings: v5),
        .executableTarget(name: "scheduler", dependencies: ["SchedulerDaemon", "SchedulerCore", "SystemCalls", "TOML"], swiftSettings: v5),
        .executableTarget(name: "toml-test-decoder", dependencies: ["TOML"], swiftSettings: v5),
        .executableTarget(name: "next-bench", dependencies: ["SchedulerCore"], path: "benchmarks/next/NextBench", swiftSettings: v5),
        .testTarget(name: "TOMLTests", dependencies: ["TOML"], swiftSettings: v5),
        .testTarget(name: "SchedulerCoreTests", dependencies: ["SchedulerCore", "TOML"], swiftSettings: v5),
        .testTarget(name: "SystemCallsTests", dependencies: ["SystemCalls"], swiftSettings: v5),
        .testTarget(name: "SchedulerDaemonTests", dependencies: ["SchedulerDaemon", "SchedulerCore", "SystemCalls"], swiftSettings: v5),
        .testTarget(name: "SchedulerCLITests", dependencies: ["SystemCalls"], swiftSettings: v5),
    ]
)
