// swift-tools-version:6.0
import PackageDescription

// Layers (arrows point down): scheduler (CLI) → SchedulerDaemon → SchedulerCore → TOML, StateFormats
//                                                                 ↘ SystemCalls → CSystem
// Postgres (wire protocol, TLS) → SystemCalls; the daemon's Cluster/ talks through it, and SchedulerCore checks
// [cluster] url with its parser (one URI parser).
// SchedulerDaemon's folders: Engine/ (pure), Runtime/, Journal/, Logs/, Notify/, State/, Control/, Cluster/,
// and Operator/ (code only the CLI uses: `run` in the foreground, logs, control client, columns).
// SchedulerCore reaches files only through SystemCalls (FoundationEssentials' FileManager alone
// adds 7.5 MB to a static binary).
// No package dependencies, by design.
// -Osize in release: the shipped static binary must stay under 8.5 MB stripped (.ci/test checks); -O is 2 MB more,
// and the daemon's hot paths (log lines, TOML) were measured fast enough with it.
// Every target builds in Swift 6 language mode: data races are compile errors. What crosses threads is
// Sendable and checked (the command table, hook results in a Mutex, launch outcomes in a Mutex, @Sendable
// WorkerPool and Threads bodies); the @unchecked left are WorkerPool (pthread mutex and conditions guard its
// state) and NetworkSocket's name lookup box, and Postgres' one nonisolated(unsafe) warning flag.
let v6: [SwiftSetting] = [.swiftLanguageMode(.v6), .unsafeFlags(["-Osize"], .when(configuration: .release))]

let package = Package(
    name: "scheduler",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "scheduler", targets: ["scheduler"]),
        .executable(name: "toml-test-decoder", targets: ["toml-test-decoder"]),
    ],
    targets: [
        .target(name: "CSystem"),
        .target(name: "SystemCalls", dependencies: ["CSystem"], exclude: ["README.md"], swiftSettings: v6),
        .target(name: "TOML", swiftSettings: v6),
        .target(name: "Postgres", dependencies: ["SystemCalls"], exclude: ["README.md"], swiftSettings: v6),
        // Pure readers of our own state files (journal, run state): bytes in, checked values out; fuzzed alone.
        .target(name: "StateFormats", swiftSettings: v6),
        .target(name: "SchedulerCore", dependencies: ["TOML", "StateFormats", "SystemCalls", "Postgres"], swiftSettings: v6),
        .target(name: "SchedulerDaemon", dependencies: ["SchedulerCore", "StateFormats", "SystemCalls", "Postgres"], swiftSettings: v6),
        .executableTarget(name: "scheduler", dependencies: ["SchedulerDaemon", "SchedulerCore", "StateFormats", "SystemCalls", "TOML"], swiftSettings: v6),
        .executableTarget(name: "toml-test-decoder", dependencies: ["TOML", "SystemCalls"], swiftSettings: v6),
        .executableTarget(name: "cluster-bench", dependencies: ["Postgres", "SystemCalls"], path: "benchmarks/cluster/ClusterBench", swiftSettings: v6),
        .executableTarget(name: "next-bench", dependencies: ["SchedulerCore"], path: "benchmarks/next/NextBench", swiftSettings: v6),
        .executableTarget(name: "history-bench", dependencies: ["SchedulerDaemon", "SchedulerCore", "SystemCalls"], path: "benchmarks/costs/HistoryBench", swiftSettings: v6),
        // toml-test: conformance data run by its own script (.ci/test), not a resource (that would need Foundation).
        .testTarget(name: "TOMLTests", dependencies: ["TOML"], exclude: ["toml-test"], swiftSettings: v6),
        .testTarget(name: "StateFormatsTests", dependencies: ["StateFormats"], swiftSettings: v6),
        .testTarget(name: "SchedulerCoreTests", dependencies: ["SchedulerCore", "TOML", "SystemCalls"], swiftSettings: v6),
        // One private PostgreSQL server (and a fake one) for every test target that needs it; only tests use it.
        .target(name: "PostgresTestSupport", dependencies: ["SystemCalls"], path: "Tests/PostgresTestSupport", swiftSettings: v6),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "SystemCalls", "PostgresTestSupport"], swiftSettings: v6),
        .testTarget(name: "SystemCallsTests", dependencies: ["SystemCalls"], swiftSettings: v6),
        .testTarget(name: "SchedulerDaemonTests", dependencies: ["SchedulerDaemon", "SchedulerCore", "SystemCalls", "PostgresTestSupport"], swiftSettings: v6),
        .testTarget(name: "SchedulerCLITests", dependencies: ["SystemCalls", "PostgresTestSupport"], swiftSettings: v6),
    ]
)
