import SchedulerCore
import StateFormats
import SystemCalls

/// `scheduler run JOB`: one attempt in the foreground, like the daemon would run it (environment, directory,
/// lock, timeout), with its output streamed to our terminal and into the log, and recorded in the history.
public final class ForegroundRun {
    /// What to do about the job's lock.
    public enum LockMode: Sendable { case take, wait, ignore }

    let job: Job
    let config: Config
    let environment: [String: String]
    let paths: StatePaths
    let zone: TimeZoneRules
    let extraArgs: [String]
    let lockMode: LockMode
    var lock: FileLock?
    var runFile: String?
    /// A cluster job's row in the slot table (nil: not a cluster job, or run unrecorded).
    var clusterSlot: ForegroundClusterSlot?
    var log: LogWriter
    /// Print "Running `COMMAND` as JOB.N" first (on a terminal).
    public var announce = false
    /// Where messages for the operator go (stderr), so the job's stdout stays its own.
    let say: (String) -> Void

    public init(job: Job, config: Config, environment: [String: String], extraArgs: [String], lockMode: LockMode,
                say: @escaping (String) -> Void) {
        self.job = job; self.config = config; self.environment = environment
        self.extraArgs = extraArgs; self.lockMode = lockMode; self.say = say
        paths = StatePaths(environment: environment).locatingDaemon(config: config.path)
        zone = TimeZoneRules.system(environment: environment)
        log = LogWriter(path: paths.log, maxBytes: config.daemon.logMaxBytes, files: config.daemon.logFiles, zone: zone, toStderr: false)
    }

    /// Runs the attempt; returns the exit status to exit with (1 when the lock is held).
    public func run() throws -> Int32 {
        defer { release() }
        guard try acquireLock() else { return 1 }
        let number = runNumber()
        guard claimClusterSlot(number) else { return 1 }
        let id = RunID(job: job.name, run: number, attempt: 1)
        if lock == nil { lock = RunState.runFileLock(paths: paths, dyno: id.dyno); runFile = paths.runFile(id.dyno) }
        let request = LaunchRequest(job: job, id: id, scheduledAt: clusterSlot?.claim.scheduledAt ?? now(),
                                    takeLock: lockMode != .ignore)
        let started = now()
        let env: [String: String]
        do { env = try JobEnvironment.environment(for: request, daemon: environment, zone: zone) } catch {
            clusterSlot?.ended(.failed, exitCode: nil)
            throw error
        }
        var attempt = AttemptLoop(run: self, request: request)
        if announce { say("Running `\(commandText)` as \(id.dyno)") }
        let pid: Int32
        do { pid = try attempt.spawn(env: env) } catch {
            record(request, .spawnFailed("\(error)"), ResourceUsage(), started: started, pid: nil, stop: nil)
            say("scheduler: \(id.dyno): can't start: \(error)")
            return 1
        }
        try? lock.map { try RunState(request, pid: pid, at: started).with(by: "run").write(to: $0) }
        clusterSlot?.started(pid: pid)
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "uid \(CurrentProcess.userID)"
        note(id, "Starting process with command `\(commandText)` (scheduler run by \(user))", at: started)
        note(id, "State changed from starting to up", at: started)
        let (status, usage, stop) = attempt.wait()
        record(request, status, usage, started: started, pid: pid, stop: stop)
        return status.shellCode
    }

    /// A cluster job claims a manual slot first (ForegroundClusterSlot); false when it must not run.
    func claimClusterSlot(_ number: Int) -> Bool {
        switch ForegroundClusterSlot.decide(job: job, run: number, config: config, environment: environment, lockMode: lockMode, say: say) {
        case .run(let slot): clusterSlot = slot; return true
        case .runUnrecorded: return true
        case .refuse: return false
        }
    }

    /// Takes the job's lock (per `lockMode`); false, after saying who holds it, when it is busy.
    func acquireLock() throws -> Bool {
        guard lockMode != .ignore, job.overlap != .allow else { return true }
        try StateDirectories.ensure(paths.runtime); try StateDirectories.ensure(paths.locks)
        let l = try FileLock(path: paths.lock(job: job.name))
        lock = l
        if try l.tryLock() { return true }
        let holder = ForegroundRun.describeHolder(path: l.path, zone: zone)
        // overlap = "queue" waits, as the daemon would queue the run.
        guard lockMode == .wait || job.overlap == .queue else {
            say("scheduler: \(job.name) is already running\(holder)")
            say("hint: 'scheduler run --wait \(job.name)' waits for it; '--no-lock' runs it anyway")
            return false
        }
        say("scheduler: waiting for \(job.name) to finish\(holder)…")
        try l.lock()
        return true
    }

    /// ": greet.7 (pid 1234) up since 10:02:03 +01:00, 3m12s" from the lock's run state.
    static func describeHolder(path: String, zone: TimeZoneRules) -> String {
        guard let bytes = try? FileSystem.readFile(path), let s = RunState.parse(bytes) else { return "" }
        let since = Instant(seconds: s.startedAt)
        let up = Instant(nanoseconds: SystemClock.realtime()) - since
        return ": \(Printable.escaped(s.dyno)) (pid \(s.pid)) up since \(HumanTime.local(since, zone: zone)), for \(HumanTime.duration(up))"
    }

    /// A run number the daemon won't use: reserved from the daemon when it runs, else one past the history.
    func runNumber() -> Int {
        if let reply = try? ControlClient.request("number \(job.name)", paths: paths, config: config.path, timeout: 2_000_000_000),
           let n = Int(reply) { return n }
        // The state file knows numbers past retention; records after it are read back only that far.
        let state = try? HistoryState.read(paths.historyState).get()
        let known = state?.jobs[job.name]?.lastRun ?? 0
        let last = (try? Journal.tail(path: paths.journal, count: 1, since: state?.writtenAt, filter: { $0.job == job.name }))?.records.last?.run ?? 0
        let live = RunState.running(paths: paths).filter { $0.job == job.name }.map(\.run).max() ?? 0
        return max(known, last, live) + 1
    }

    /// The command as logged: with `-- ARGS` when there are some.
    var commandText: String {
        Engine.commandText(job.command) + (extraArgs.isEmpty ? "" : " -- " + ShellQuote.line(extraArgs))
    }

    /// Logs the end and appends the history record, as the daemon's engine does (`AttemptEnd`).
    func record(_ r: LaunchRequest, _ status: ExitStatus, _ usage: ResourceUsage, started: Instant, pid: Int32?, stop: StopReason?) {
        let end = now()
        let ending = AttemptEnd(r.id, scheduledAt: clusterSlot?.claim.scheduledAt ?? started, startedAt: started, endedAt: end, exit: status,
                                usage: usage, stopReason: stop, pid: pid)
        for m in ending.messages { note(r.id, m, at: end) }
        clusterSlot?.ended(ending.record.status, exitCode: ending.record.exitCode)
        let journal = Journal(path: paths.journal, zone: zone)
        journal.node = config.cluster.map { $0.node ?? (try? CurrentProcess.hostname()) ?? "localhost" }
        do { try journal.append(ending.record) } catch { say("scheduler: warning: can't write the run history \(paths.journal): \(error)") }
    }

    func note(_ id: RunID, _ message: String, at t: Instant) { log.write(LogLine(time: t, dyno: id.dyno, message: message)) }

    func release() {
        try? lock?.close()
        lock = nil
        if let f = runFile { try? FileSystem.unlink(f) }
        RunState.removeStaleRunFiles(paths: paths, now: now())  // after the run, not in front of it
    }

    func now() -> Instant { Instant(nanoseconds: SystemClock.realtime()) }
}

extension RunState {
    func with(by: String) -> RunState { var s = self; s.startedBy = by; return s }
}
