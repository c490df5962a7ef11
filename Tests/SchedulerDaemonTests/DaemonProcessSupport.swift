#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SchedulerCore
import StateFormats
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// A temp dir with a config and private XDG dirs, in which `scheduler daemon` runs as a real process.
final class DaemonSandbox {
    let dir: String
    var config: String { dir + "/scheduler.toml" }
    var paths: StatePaths { StatePaths(state: dir + "/state/scheduler", runtime: dir + "/run/scheduler") }
    var env: [String: String] {
        ["HOME": dir, "PATH": "/usr/bin:/bin", "XDG_STATE_HOME": dir + "/state", "XDG_RUNTIME_DIR": dir + "/run", "TZ": "UTC"]
    }
    /// Daemons started here and not yet reaped; killed at the end.
    var started: [pid_t] = []

    init(config text: String) throws {
        dir = try FileSystem.makeTemporaryDirectory(prefix: "daemon-test")
        // $XDG_RUNTIME_DIR exists, as logind makes it (without it the daemon uses STATE/run).
        try FileSystem.makeDirectories(dir + "/run", permissions: 0o700)
        try write(config: text)
    }

    deinit {
        for pid in started { try? Signals.send(.kill, to: pid); _ = try? Child.wait(pid) }
        try? FileSystem.removeTree(dir)
    }

    func write(config text: String) throws {
        try FileSystem.writeFileAtomically(config, Array(text.utf8), permissions: 0o600)
    }

    /// The `scheduler` binary: $SCHEDULER_BIN, else next to the test bundle.
    static func binary() throws -> String {
        if let b = CurrentProcess.environmentValue("SCHEDULER_BIN") { return b }
        var dir = (try? FileSystem.readLink("/proc/self/exe")) ?? CommandLine.arguments[0]
        for _ in 0..<4 {
            dir = FileSystem.parentDirectory(of: dir)
            if FileSystem.exists(dir + "/scheduler") { return dir + "/scheduler" }
        }
        throw LaunchError("scheduler binary not found near the tests; build it or set SCHEDULER_BIN")
    }

    /// Starts `scheduler daemon --config CONFIG` (through `wrapper`, a command line the daemon's is
    /// appended to, if given); stdout/stderr go to `name`.out/.err.
    func startDaemon(_ name: String = "daemon", extraEnv: [String: String] = [:], wrapper: [String] = []) throws -> pid_t {
        let out = try FileDescriptor.open(dir + "/\(name).out", .writeOnly, options: [.create, .truncate])
        let err = try FileDescriptor.open(dir + "/\(name).err", .writeOnly, options: [.create, .truncate])
        defer { try? out.close(); try? err.close() }
        let command = wrapper + [try Self.binary(), "daemon", "--config", config]
        let pid = try Spawn.launch(Spawn.Request(
            executable: command[0], arguments: Array(command.dropFirst()),
            environment: env.merging(extraEnv) { $1 }, workingDirectory: dir, grouping: .newProcessGroup,
            standardOutput: .descriptor(out), standardError: .descriptor(err)))
        started.append(pid)
        return pid
    }

    /// Sends `signal` and waits for the daemon to exit; returns its status.
    func stop(_ pid: pid_t, _ signal: Signal = .term) throws -> TerminationStatus {
        try Signals.send(signal, to: pid)
        let t = try Child.wait(pid)
        started.removeAll { $0 == pid }
        return t.status
    }

    func read(_ name: String) -> String {
        String(decoding: (try? FileSystem.readFile(dir + "/" + name)) ?? [], as: UTF8.self)
    }
    var log: String { String(decoding: (try? FileSystem.readFile(paths.log)) ?? [], as: UTF8.self) }
    var records: [JournalRecord] { (try? Journal.readAll(path: paths.journal).records) ?? [] }

    /// True once the daemon has written run `run` of `job` into its held lock file: a daemon killed
    /// after that leaves a run the next daemon knows of (killed before, the run is its own secret).
    func knowsRunning(_ job: String, run: Int) -> Bool {
        RunState.running(paths: paths).contains { $0.job == job && $0.run == run }
    }

    /// This sandbox's processes running `marker` (its jobs have its HOME).
    func processes(matching marker: String) -> [pid_t] {
        SchedulerDaemonTests.processes(matching: marker, environment: "HOME=" + dir)
    }

    /// Waits until `condition` holds (see `waitUntil`).
    @discardableResult
    func wait(_ condition: () -> Bool) -> Bool { waitUntil(condition) }
}

/// Seconds after which a wait gives up: it bounds a hang only, so it is far beyond any slow machine.
let hangBound: Double = 120

/// Polls `condition` (a file, the journal, the process table) every 20 ms until it holds; false only when
/// `seconds` pass first, which bounds a hang: tests assert what happened, never how long it took.
@discardableResult
func waitUntil(seconds: Double = hangBound, _ condition: () -> Bool) -> Bool {
    let end = SystemClock.monotonic() + Int64(seconds * 1e9)
    while SystemClock.monotonic() < end {
        if condition() { return true }
        SystemClock.sleep(nanoseconds: 20_000_000)
    }
    return condition()
}

/// Processes whose command line contains `marker` (from /proc), e.g. `sleep 3017`, and whose environment
/// holds `entry` (e.g. `HOME=` a sandbox): other test runs on the machine (other clones, other users of
/// these tests) run the same commands at the same time, and must be neither counted nor killed.
func processes(matching marker: String, environment entry: String) -> [pid_t] {
    let wanted = Array(entry.utf8)
    return ((try? FileSystem.listDirectory("/proc")) ?? []).compactMap { name -> pid_t? in
        guard let pid = pid_t(name), pid != CurrentProcess.id,
              let raw = try? FileSystem.readFile("/proc/\(name)/cmdline"),
              let environ = try? FileSystem.readFile("/proc/\(name)/environ") else { return nil }
        let cmd = String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        guard cmd.contains(marker) && !cmd.contains("scheduler") else { return nil }
        return environ.split(separator: 0).contains { Array($0) == wanted } ? pid : nil
    }
}

/// Peak RSS of a process in KiB (VmHWM).
func peakRSS(_ pid: pid_t) -> Int? {
    guard let raw = try? FileSystem.readFile("/proc/\(pid)/status") else { return nil }
    for line in String(decoding: raw, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
    return nil
}
