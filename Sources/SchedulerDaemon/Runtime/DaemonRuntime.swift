import SchedulerCore
import StateFormats
import SystemCalls

/// How `scheduler daemon` was started.
public struct DaemonOptions: Sendable {
    /// The config file (already resolved from --config / $SCHEDULER_CONFIG / XDG).
    public var configPath: String
    public var environment: [String: String]
    /// Also write log lines to stderr (journald picks them up under systemd).
    public var logToStderr: Bool
    public init(configPath: String, environment: [String: String], logToStderr: Bool = true) {
        self.configPath = configPath; self.environment = environment; self.logToStderr = logToStderr
    }
}

/// The thin I/O loop around `Engine`: spawns jobs, reads their output, waits with timerfd + signalfd +
/// inotify + pipes in one poll, writes the journal and the log, talks to systemd.
public final class DaemonRuntime {
    /// Re-check at least this often even with nothing due (belt and braces against missed wakeups).
    static let maxSleep: Int64 = 60_000_000_000
    let options: DaemonOptions
    let paths: StatePaths
    let zone: TimeZoneRules
    let journal: Journal
    let log: LogWriter
    var engine: Engine
    var config: Config
    var processes: [RunID: RunningProcess] = [:]
    let signals: SignalDescriptor
    let timer: TimerDescriptor
    var watcher: FileWatcher?
    let instanceLock: FileLock
    var wake: Instant?
    var finished = false
    var pendingLogs: [LogLine] = []
    /// Records of this step, journalled (one fsync) and then reported to hooks and mail.
    var pendingRecords: [(record: JournalRecord, willRetry: Bool)] = []
    var clockOffset: Int64
    /// Pipe reads: big chunks mean fewer syscalls and bigger log writes when a job floods its output.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 8)
    /// Formatted job output of one read batch (reused; capacity capped in `writeOutput`).
    var outputBytes: [UInt8] = []
    var notify: SystemdNotifier
    /// The control socket for operator commands (Control/ControlSocket.swift); nil if it couldn't be opened.
    var control: ControlServer?
    /// Hooks, mail and the metrics file (Notify/).
    let notifications = Notifications()
    /// Runs a killed daemon left running (Orphans.swift), recorded when their locks are freed.
    var orphans: Orphans
    var nextOrphanCheck: Int64 = 0
    /// When to remove stale run files next (at the first sleep, then every `runFileSweepInterval`).
    var nextRunFileSweep: Int64 = 0
    /// Code mappings to unmap before a long sleep (ReadOnlyMappings); chosen at the first sleep.
    var readOnlyMappings: ReadOnlyMappings?
    /// Threads that start the jobs of one instant side by side (Launcher), started with the daemon.
    let launchPool = WorkerPool(helpers: Launcher.helperThreads)
    var workSinceTrim = false
    /// Claims of this step, sent to the cluster database together (Cluster/).
    var clusterClaims: [SlotClaim] = []
    /// Start-up's summary of the history (HistoryState), rewritten at most every `historyStateInterval`
    /// after records are written, and at exit.
    var history: HistoryState
    var historySavedAt = Instant(nanoseconds: .min)
    var historyDirty = false
    var historyStateError: String?
    static let historyStateInterval: Duration = .seconds(60)

    /// Sets everything up; throws `DaemonStartError` with the exit status to use.
    public init(options: DaemonOptions) throws {
        self.options = options
        let env = options.environment
        paths = StatePaths(environment: env)
        do { try StateDirectories.prepare(paths) } catch { throw DaemonStartError(status: 2, message: "scheduler: " + error.description) }
        zone = TimeZoneRules.system(environment: env)
        let previousDaemon: FileLock.Owner?
        (instanceLock, previousDaemon) = try DaemonRuntime.takeInstanceLock(paths: paths, config: options.configPath)
        do {
            config = try ConfigLoader(environment: env).load(path: options.configPath).pausing(paths)
        } catch {
            try? instanceLock.close()
            throw DaemonStartError(status: 2, message: error.render(color: false))
        }
        log = LogWriter(path: paths.log, maxBytes: config.daemon.logMaxBytes, files: config.daemon.logFiles, zone: zone, toStderr: options.logToStderr)
        log.outputToStderr = Self.outputToStderr(config.daemon)
        journal = Journal(path: paths.journal, zone: zone, retention: JournalRetention(config.daemon))
        _ = try Signals.block(SignalSet([.term, .int, .hup, .chld]))
        try Signals.ignoreBrokenPipe()
        signals = try SignalDescriptor(SignalSet([.term, .int, .hup, .chld]))
        timer = try TimerDescriptor(clock: .realtime)
        watcher = try? FileWatcher(path: options.configPath)
        clockOffset = SystemClock.realtime() - SystemClock.now(.boottime)
        notify = SystemdNotifier(environment: env)
        // Jobs start on the microsecond they are due, not up to 50 µs later (the default slack).
        try? CurrentProcess.setTimerSlack(nanoseconds: 1_000)
        let now = Instant(nanoseconds: SystemClock.realtime())
        let recovery = HistoryRecovery.recover(journal: paths.journal, statePath: paths.historyState)
        let host = (try? CurrentProcess.hostname()) ?? "localhost"
        let zone = self.zone
        orphans = Orphans(paths: paths, since: previousDaemon?.startedAt, unrecorded: recovery.unrecorded)
        var known = recovery.state.jobs
        orphans.extend(&known)
        history = recovery.state
        history.jobs = known
        engine = Engine(config: config, now: now, history: known, host: host, zone: zone,
                        seed: UInt64.random(in: 0...UInt64.max), compile: { DaemonRuntime.compile($0, systemZone: zone) })
        for w in recovery.warnings + (recovery.report.map { [$0] } ?? []) {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Warning: " + w))
        }
        pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Starting with \(config.jobs.count) job(s) from \(options.configPath) (pid \(CurrentProcess.id))"))
        announceOrphans(now: now)
        journal.expire(now: now)
        journalNotes(now: now)
        saveHistoryState(now: now)
        openControlSocket(now: now)
        launchPool.startHelpers()
    }

    deinit { buffer.deallocate() }

    /// Binds a job's schedule to its zone (or the system zone), as `list` and `next` do (`JobTimeline`).
    static func compile(_ job: Job, systemZone: TimeZoneRules) -> (any Schedule)? {
        guard let zone = try? JobTimeline.zone(of: job, system: systemZone) else { return nil }
        return JobTimeline(job, zone: zone, spreadKey: "").schedule
    }

    /// Job output is copied to stderr (a terminal, the journal, a pipe to a log collector) unless stderr is
    /// a regular file: there it would grow without the log's rotation and halve a chatty job's throughput.
    static func outputToStderr(_ d: DaemonSettings) -> Bool {
        d.outputToStderr ?? ((try? FileDescriptor.standardError.status())?.isRegularFile != true)
    }

    /// One daemon per config: an flock'd file in the runtime dir, naming our pid. Also returns who had it before.
    static func takeInstanceLock(paths: StatePaths, config: String) throws -> (FileLock, FileLock.Owner?) {
        let absolute = (try? FileSystem.realPath(config)) ?? config
        let path = paths.instanceLock(config: absolute)
        do {
            try StateDirectories.ensure(paths.runtime)
            let lock = try FileLock(path: path)
            guard try lock.tryLock() else {
                try? lock.close()
                let pid = FileLock.readOwner(path: path).map { " (pid \($0.pid))" } ?? ""
                throw DaemonStartError(status: 1, message: "another scheduler daemon\(pid) is already running \(absolute)")
            }
            let previous = FileLock.readOwner(path: path)
            try lock.writeOwner(.init(pid: CurrentProcess.id, startedAt: SystemClock.realtime() / 1_000_000_000, note: absolute))
            return (lock, previous)
        } catch let e as DaemonStartError { throw e } catch {
            throw DaemonStartError(status: 1, message: "can't take the daemon lock \(path): \(error)")
        }
    }

    /// Runs until a graceful shutdown completes; returns the exit status.
    public func run() -> Int32 {
        notify.send("READY=1")
        while !finished {
            step(now: wallNow())
            if finished { break }
            sweepRunFiles()
            trimBeforeLongSleep()
            do { try waitForEvents() } catch {
                pendingLogs.append(LogLine(time: wallNow(), dyno: "scheduler", message: "Error while waiting: \(error)"))
                SystemClock.sleep(nanoseconds: 100_000_000)  // don't spin if poll keeps failing
            }
        }
        if historyDirty { saveHistoryState(now: wallNow()) }
        flushLogs()
        notify.send("STOPPING=1")
        control?.close()
        try? instanceLock.close()
        return 0
    }

    /// Before the first sleep, and before a sleep of 30 s or more after real work (a run started or ended, a
    /// reload, an operator command), hands back the code pages touched (ReadOnlyMappings) and the heap's free
    /// pages: idle, the daemon keeps only its data and the few pages a quiet wake-up runs. Not after quiet
    /// wake-ups: each trim makes the next wake fault its code back in (~200 minor faults, ~2 ms of CPU).
    func trimBeforeLongSleep() {
        let now = SystemClock.realtime()
        guard readOnlyMappings == nil || (workSinceTrim && (wake?.nanoseconds ?? .max) - now >= 30_000_000_000) else { return }
        workSinceTrim = false
        if readOnlyMappings == nil { readOnlyMappings = ReadOnlyMappings() }
        readOnlyMappings?.drop()
        Memory.releaseFreeHeap()
        Memory.resetPeakResidentSize()  // jobs' max_rss_kb starts at our size now, not at our start-up peak
    }

    static let runFileSweepInterval: Int64 = 600_000_000_000

    /// Removes run files of ended runs, after a step's launches, never in front of one (issue: a launch of an
    /// `overlap = "allow"` job used to scan them first).
    func sweepRunFiles() {
        let now = SystemClock.realtime()
        guard now >= nextRunFileSweep else { return }
        nextRunFileSweep = now + Self.runFileSweepInterval
        RunState.removeStaleRunFiles(paths: paths, now: Instant(nanoseconds: now))
    }

    func wallNow() -> Instant { Instant(nanoseconds: SystemClock.realtime()) }

    /// Advances the engine (`Engine.step` feeds launch outcomes back) and performs its actions.
    func step(now: Instant) {
        detectClockJump(now: now)
        checkOrphans(now: now)
        engine.step(now: now, perform: { perform($0) }, launch: { launchAll($0, now: now) })
        flushRecords(now: now)
        flushLogs()
        notify.status(engine: engine, running: processes.count, zone: zone)
    }

    func flushLogs() {
        pendingLogs += notifications.flush(metrics: metricsInput, finished: finished)
        guard !pendingLogs.isEmpty else { return }
        log.write(pendingLogs)
        pendingLogs.removeAll(keepingCapacity: true)
    }

    /// A wall-clock step shows as a change of (realtime − boottime); suspend does not.
    func detectClockJump(now: Instant) {
        let offset = now.nanoseconds - SystemClock.now(.boottime)
        let delta = offset - clockOffset
        clockOffset = offset
        if abs(delta) > 1_000_000_000 { engine.clockJumped(by: .nanoseconds(delta), now: now) }
    }
}

/// The daemon could not start: message for stderr and the exit status.
public struct DaemonStartError: Error, CustomStringConvertible {
    public var status: Int32
    public var message: String
    public var description: String { message }
}
