import SchedulerCore
import SchedulerDaemon
import SystemCalls

let installCommand = Command(
    name: "install",
    summary: "install and start the per-user systemd service",
    usage: "[--print [--packaged]] [--config PATH]",
    details: """
    Writes ~/.config/systemd/user/scheduler.service (Type=notify, restarted on failure, watchdog,
    SIGHUP reload, graceful stop), runs `systemctl --user daemon-reload` and `enable --now`. Running it
    again rewrites a changed unit, says so and restarts the service. When no config exists yet it writes
    a commented example (a disabled greeting job); it never overwrites a config. It warns when lingering
    is off, since systemd then stops jobs at logout. On macOS it writes and loads a LaunchAgent in
    ~/Library/LaunchAgents instead. Without systemd, run `scheduler daemon` under another supervisor.
    """,
    flags: [
        Flag(long: "config", short: "c", value: "PATH", help: "config the service runs (default: $SCHEDULER_CONFIG, else ~/.config/scheduler/scheduler.toml)"),
        Flag(long: "print", short: "p", help: "print the unit (on macOS the plist) and change nothing"),
        Flag(long: "packaged", help: "with --print: the unit for /usr/lib/systemd/user (/usr/bin/scheduler, default config)"),
    ],
    run: { args in
        guard args.positionals.isEmpty else { throw UsageError(message: "install takes no arguments") }
        if args.has("packaged") {
            guard args.has("print") else { throw UsageError(message: "--packaged only goes with --print") }
            print(SystemdUnit.packaged.text, terminator: "")
            return 0
        }
        let setup = try InstallSetup(configFlag: args.value("config"))
        #if os(macOS)
        return try installLaunchAgent(setup, printOnly: args.has("print"))
        #else
        return try installSystemdUnit(setup, printOnly: args.has("print"))
        #endif
    }
)

/// What install and uninstall need to know about this user and this binary.
struct InstallSetup {
    var environment: [String: String]
    var user: String
    var home: String
    var paths: InstallPlan.Paths
    /// Absolute path of the config the service runs.
    var config: String

    init(configFlag: String?) throws {
        environment = CurrentProcess.environment()
        let account = try? CurrentProcess.account()
        home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? account?.homeDirectory ?? "/"
        user = environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? account?.name ?? "\(CurrentProcess.userID)"
        paths = InstallPlan.paths(home: home, env: environment)
        paths.stateDir = StatePaths(environment: environment).state  // the daemon's own answer wins
        let resolved = ConfigLocation.resolve(flag: configFlag, environment: environment)
        config = try InstallSetup.absolute(ConfigLocation.expandTilde(resolved, home: home) ?? resolved)
    }

    /// Makes `path` absolute against the working directory: the service doesn't start where we are.
    static func absolute(_ path: String) throws -> String {
        if path.hasPrefix("/") { return path }
        let cwd = try FileSystem.realPath(".")
        return path == "." ? cwd : (cwd == "/" ? "" : cwd) + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// The absolute path of the running binary, symlinks resolved, for ExecStart.
    static func executablePath() throws -> String {
        #if os(Linux)
        return try FileSystem.readLink("/proc/self/exe")
        #else
        let argv0 = CommandLine.arguments[0]
        let found = try argv0.contains("/") ? argv0
            : Spawn.resolveExecutable(argv0, searchPath: CurrentProcess.environmentValue("PATH"))
        return try FileSystem.realPath(found)
        #endif
    }

    /// Reads a text file; nil when it doesn't exist.
    static func readText(_ path: String) throws -> String? {
        guard try FileSystem.statIfExists(path) != nil else { return nil }
        return String(decoding: try FileSystem.readFile(path), as: UTF8.self)
    }

    /// Writes the example config unless a config exists (O_EXCL: never overwrites, even in a race).
    func writeExampleConfigIfMissing() throws -> Bool {
        guard !FileSystem.exists(config) else { return false }
        try FileSystem.makeDirectories(FileSystem.parentDirectory(of: config), permissions: 0o755)
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(config, .writeOnly, options: [.create, .exclusiveCreate, .noFollow], permissions: 0o644)
        } catch let e as Errno where e == .fileExists {
            return false
        }
        try fd.closeAfter { try fd.write(all: ExampleConfig.text) }
        return true
    }
}

/// `install` on Linux: unit file, systemctl, linger check.
private func installSystemdUnit(_ setup: InstallSetup, printOnly: Bool) throws -> Int32 {
    let unit = SystemdUnit(binary: try InstallSetup.executablePath(), config: .path(setup.config))
    if printOnly { print(unit.text, terminator: ""); return 0 }
    let systemctl = ServiceTools(environment: setup.environment)
    if let problem = systemctl.unavailableReason() {
        printError(InstallPlan.noSystemdAdvice(reason: problem))
        return 1
    }
    if try setup.writeExampleConfigIfMissing() {
        print("wrote an example config to \(setup.config) (its one job is disabled; edit it, then `systemctl --user reload scheduler`)")
    }
    let change = InstallPlan.decide(existing: try InstallSetup.readText(setup.paths.unit), wanted: unit.text)
    if change != .unchanged {
        try FileSystem.makeDirectories(FileSystem.parentDirectory(of: setup.paths.unit), permissions: 0o755)
        try FileSystem.writeFileAtomically(setup.paths.unit, Array(unit.text.utf8), permissions: 0o644)
    }
    print(InstallPlan.message(for: change, path: setup.paths.unit))
    for step in InstallPlan.systemctlSteps(for: change) {
        guard try systemctl.run(step) else { reportFailedStep(step, tools: systemctl, config: setup.config); return 1 }
    }
    let state = systemctl.capture(["is-active", SystemdUnit.fileName]).output
    print("service: \(state.isEmpty ? "unknown" : state)  (systemctl --user status scheduler; journalctl --user -u scheduler)")
    if let advice = InstallPlan.lingerAdvice(linger: systemctl.linger(user: setup.user), user: setup.user) {
        printError(advice)
    }
    return 0
}

/// Says which systemctl step failed, with the service's last log lines (usually the daemon's config error).
private func reportFailedStep(_ step: [String], tools: ServiceTools, config: String) {
    printError("scheduler: `systemctl --user \(step.joined(separator: " "))` failed.")
    let journal = ["--user", "-u", SystemdUnit.fileName, "-n", "8", "--no-pager", "-o", "cat"]
    if let log = try? tools.runTool("journalctl", journal, capture: true), log.ok, !log.output.isEmpty {
        printError("The service's last log lines:\n" + log.output)
    }
    printError("hint: `scheduler check --config \(config)` validates the config; "
        + "`journalctl --user -u scheduler -n 50` shows more.")
}

/// `systemctl --user`, `loginctl`, `launchctl`: found on PATH, run with our environment.
struct ServiceTools {
    var environment: [String: String]

    /// Why we can't manage user services here, or nil when we can.
    func unavailableReason() -> String? {
        guard tool("systemctl") != nil else { return "systemctl was not found, so this system does not seem to run systemd" }
        let probe = capture(["show-environment"])
        guard probe.ok else {
            let detail = probe.output.split(separator: "\n").first.map { " (\($0))" } ?? ""
            return "there is no systemd user manager for this session\(detail)"
        }
        return nil
    }

    /// `systemctl --user ARGS`, output shown to the user; true on exit status 0.
    func run(_ args: [String]) throws -> Bool {
        try runTool("systemctl", ["--user"] + args, capture: false).ok
    }

    /// `systemctl --user ARGS` with its output captured and trimmed; a missing tool counts as failure.
    func capture(_ args: [String]) -> (ok: Bool, output: String) {
        (try? runTool("systemctl", ["--user"] + args, capture: true)) ?? (false, "")
    }

    /// Linger from `loginctl show-user USER -p Linger`; nil when unknown.
    func linger(user: String) -> Bool? {
        guard let out = try? runTool("loginctl", ["show-user", user, "-p", "Linger"], capture: true) else { return nil }
        return InstallPlan.parseLinger(out.output)
    }

    func tool(_ name: String) -> String? {
        try? Spawn.resolveExecutable(name, searchPath: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
    }

    /// Spawns `name args` and waits; with `capture`, stdout and stderr are collected (trimmed) instead of shown.
    func runTool(_ name: String, _ args: [String], capture: Bool) throws -> (ok: Bool, output: String) {
        guard let path = tool(name) else { throw Errno(Errno.noSuchFileOrDirectory.code, call: "spawn \(name)") }
        var request = Spawn.Request(executable: path, arguments: args, environment: environment, grouping: .inherit)
        guard capture else {
            StandardStreams.flushOutput()
            let pid = try Spawn.launch(request)
            return (try Child.wait(pid).status.isSuccess, "")
        }
        let pipe = try FileDescriptor.pipe()
        request.standardOutput = .descriptor(pipe.write)
        request.standardError = .descriptor(pipe.write)
        let pid: ProcessID
        do { pid = try Spawn.launch(request) } catch { try? pipe.read.close(); try? pipe.write.close(); throw error }
        try? pipe.write.close()
        let bytes = (try? pipe.read.closeAfter { try pipe.read.readAll() }) ?? []
        let ok = try Child.wait(pid).status.isSuccess
        let text = String(decoding: bytes, as: UTF8.self)
        return (ok, String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()))
    }
}

#if os(macOS)
/// `install` on macOS: a LaunchAgent plist loaded into the user's GUI domain with `launchctl bootstrap`.
private func installLaunchAgent(_ setup: InstallSetup, printOnly: Bool) throws -> Int32 {
    let agent = LaunchAgent(binary: try InstallSetup.executablePath(), config: setup.config,
                            logFile: LaunchAgent.defaultLogFile(home: setup.home))
    if printOnly { print(agent.text, terminator: ""); return 0 }
    if try setup.writeExampleConfigIfMissing() {
        print("wrote an example config to \(setup.config) (its one job is disabled)")
    }
    let path = setup.paths.launchAgent
    let change = InstallPlan.decide(existing: try InstallSetup.readText(path), wanted: agent.text)
    if change != .unchanged {
        try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path), permissions: 0o755)
        try FileSystem.writeFileAtomically(path, Array(agent.text.utf8), permissions: 0o644)
    }
    try FileSystem.makeDirectories(FileSystem.parentDirectory(of: agent.logFile), permissions: 0o755)
    print(InstallPlan.message(for: change, path: path))
    let tools = ServiceTools(environment: setup.environment)
    let domain = "gui/\(CurrentProcess.userID)", service = "gui/\(CurrentProcess.userID)/\(LaunchAgent.label)"
    let loaded = (try? tools.runTool("launchctl", ["print", service], capture: true).ok) ?? false
    if loaded, change != .unchanged { _ = try? tools.runTool("launchctl", ["bootout", service], capture: true) }
    if !loaded || change != .unchanged {
        guard try tools.runTool("launchctl", ["bootstrap", domain, path], capture: false).ok else {
            printError("scheduler: `launchctl bootstrap \(domain) \(path)` failed; see \(agent.logFile)")
            return 1
        }
    }
    print("agent: loaded as \(LaunchAgent.label) (launchctl print \(service); log: \(agent.logFile))")
    return 0
}
#endif
