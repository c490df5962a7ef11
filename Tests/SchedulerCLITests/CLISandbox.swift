#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

/// A private HOME with XDG config/state/runtime dirs, a config, and helpers to run the real `scheduler`
/// binary in it (foreground, background, as a daemon). Every process it starts is killed at the end.
final class CLISandbox {
    /// Seconds after which a wait gives up: it bounds a hang only, so it is far beyond any slow machine.
    static let hangBound: Double = 120
    let dir: String
    var started: [pid_t] = []
    var config: String { dir + "/config/scheduler/scheduler.toml" }
    var state: String { dir + "/state/scheduler" }
    var runtime: String { dir + "/run/scheduler" }
    var log: String { state + "/logs/scheduler.log" }
    var environment: [String: String] {
        ["HOME": dir, "XDG_CONFIG_HOME": dir + "/config", "XDG_STATE_HOME": dir + "/state", "XDG_RUNTIME_DIR": dir + "/run",
         "PATH": "/usr/bin:/bin", "TZ": "UTC", "USER": "tester"]
    }

    struct Output { var status: Int32; var out: String; var err: String }

    init(config text: String) throws {
        dir = try FileSystem.makeTemporaryDirectory(prefix: "scheduler-cli")
        try FileSystem.makeDirectories(dir + "/config/scheduler", permissions: 0o700)
        try FileSystem.makeDirectories(dir + "/run", permissions: 0o700)
        try writeConfig(text)
    }

    deinit {
        for pid in started {
            try? Signals.sendToGroup(.kill, pid)
            try? Signals.send(.kill, to: pid)
            _ = try? Child.waitIfExited(pid)
        }
        // Jobs left by a killed daemon run in their own sessions: kill what still holds our lock files.
        for pid in jobPids() { try? Signals.sendToGroup(.kill, pid) }
        try? FileSystem.removeTree(dir)
    }

    func writeConfig(_ text: String) throws {
        try FileSystem.writeFileAtomically(config, Array(text.utf8), permissions: 0o600)
    }

    func read(_ path: String) -> String { (try? FileSystem.readFile(path)).map { String(decoding: $0, as: UTF8.self) } ?? "" }

    /// Pids recorded in lock and run files (for cleanup).
    func jobPids() -> [pid_t] {
        var out: [pid_t] = []
        for d in [runtime + "/locks", runtime + "/runs"] {
            for f in (try? FileSystem.listDirectory(d)) ?? [] {
                if let o = FileLock.readOwner(path: d + "/" + f), o.pid > 1 { out.append(o.pid) }
            }
        }
        return out
    }

    /// The `scheduler` binary: $SCHEDULER_BIN, else beside the test bundle (the build products directory).
    static func binary() throws -> String {
        if let b = CurrentProcess.environmentValue("SCHEDULER_BIN") { return b }
        var dir = (try? FileSystem.readLink("/proc/self/exe")) ?? CommandLine.arguments[0]
        for _ in 0..<5 {
            dir = FileSystem.parentDirectory(of: dir)
            if FileSystem.exists(dir + "/scheduler") { return dir + "/scheduler" }
        }
        throw Errno(ENOENT, call: "find the scheduler binary (set SCHEDULER_BIN)")
    }

    /// Starts `scheduler ARGS` with output to `name`.out/.err files; stdin from `input` (a file) or /dev/null.
    /// `wrapper`: a program that execs the binary (e.g. prlimit with its options), run in its place.
    /// `stderr`: that descriptor instead of the `.err` file (a pipe nobody reads).
    func start(_ args: [String], name: String, input: String? = nil, env extra: [String: String] = [:], wrapper: [String] = [],
               stderr: FileDescriptor? = nil) throws -> pid_t {
        let out = try FileDescriptor.open(dir + "/\(name).out", .writeOnly, options: [.create, .truncate], permissions: 0o600)
        let err = try FileDescriptor.open(dir + "/\(name).err", .writeOnly, options: [.create, .truncate], permissions: 0o600)
        let inp = try input.map { try FileDescriptor.open($0, .readOnly) }
        defer { try? out.close(); try? err.close(); try? inp?.close() }
        let pid = try Spawn.launch(Spawn.Request(
            executable: wrapper.first ?? (try CLISandbox.binary()),
            arguments: wrapper.isEmpty ? args : Array(wrapper.dropFirst()) + [try CLISandbox.binary()] + args, environment: environment.merging(extra) { _, b in b },
            grouping: .newProcessGroup, standardInput: inp.map { .descriptor($0) } ?? .null,
            standardOutput: .descriptor(out), standardError: .descriptor(stderr ?? err)))
        started.append(pid)
        return pid
    }

    /// Waits for a started process and returns its output. `timeout` only bounds a hang: then it is killed.
    func finish(_ pid: pid_t, name: String, timeout: Double = CLISandbox.hangBound) -> Output {
        let deadline = SystemClock.monotonic() + Int64(timeout * 1e9)
        var t: Termination?
        while t == nil {
            t = try? Child.waitIfExited(pid)
            if t == nil, SystemClock.monotonic() > deadline { try? Signals.send(.kill, to: pid) }
            if t == nil { SystemClock.sleep(nanoseconds: 10_000_000) }
        }
        started.removeAll { $0 == pid }
        return Output(status: t!.status.shellCode, out: read(dir + "/\(name).out"), err: read(dir + "/\(name).err"))
    }

    /// Runs `scheduler ARGS` to the end.
    func run(_ args: [String], input: String? = nil, env: [String: String] = [:], timeout: Double = CLISandbox.hangBound) throws -> Output {
        let name = "cmd-\(UInt32.random(in: 0...UInt32.max))"
        return finish(try start(args, name: name, input: input, env: env), name: name, timeout: timeout)
    }

    /// Starts `scheduler daemon` and waits until its control socket answers.
    func startDaemon() throws -> pid_t {
        let pid = try start(["daemon"], name: "daemon-\(started.count)")
        let up = waitUntil {
            guard let sock = ((try? FileSystem.listDirectory(self.runtime)) ?? []).first(where: { $0.hasSuffix(".sock") }),
                  let c = try? UnixSocket.connect(to: self.runtime + "/" + sock) else { return false }
            try? c.close()
            return true
        }
        #expect(up, "daemon did not come up: \(read(dir + "/daemon-\(started.count - 1).err"))")
        return pid
    }

    /// Polls `condition` every 20 ms until it holds; `timeout` only bounds a hang (then false).
    func waitUntil(timeout: Double = CLISandbox.hangBound, _ condition: () -> Bool) -> Bool {
        let deadline = SystemClock.monotonic() + Int64(timeout * 1e9)
        while SystemClock.monotonic() < deadline {
            if condition() { return true }
            SystemClock.sleep(nanoseconds: 20_000_000)
        }
        return condition()
    }

    /// SIGKILLs a process we started (a crashing daemon) and reaps it.
    func kill(_ pid: pid_t) {
        try? Signals.send(.kill, to: pid)
        _ = finish(pid, name: "killed")
    }
}
