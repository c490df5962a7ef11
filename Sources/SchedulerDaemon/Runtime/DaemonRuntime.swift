import SchedulerCore
import StateFormats
import SystemCalls

/// The thin I/O loop around `Engine`: spawns jobs, reads their output, waits with timerfd + signalfd +
/// inotify + pipes in one poll, writes the journal and the log, talks to systemd.
public final class DaemonRuntime {
    /// Re-check at least this often even with nothing due (belt and braces against missed wakeups).
    static let maxSleep: Int64 = 60_000_000_000
    let options: DaemonOptions
    /// Where state lives; `runtime` moves to the fallback when `$XDG_RUNTIME_DIR` goes (RuntimeLocation).
    var paths: StatePaths
    /// The paths as the environment names them (before any fallback).
    let configuredPaths: StatePaths
    let zone: TimeZoneRules
    let journal: Journal
    let log: LogWriter
    var engine: Engine
    var config: Config
    var processes: [RunID: RunningProcess] = [:]
    let signals: SignalDescriptor
    let timer: TimerDescriptor
    var watcher: FileWatcher?
    /// Watches the control socket's name and directory (RuntimeLocation).
    var runtimeWatcher: FileWatcher?
    var runtimeCheckAt: Instant?
    var instanceLock: FileLock
    /// Held for the daemon's life: one daemon per user (UserDaemonLock).
    let userLock: FileLock
    var wake: Instant?
    var finished = false
    var pendingLogs: [LogLine] = []
    /// Records of this step, journalled (one fsync) and then reported to hooks and mail.
    var pendingRecords: [(record: JournalRecord, willRetry: Bool)] = []
    /// Wall-clock steps (ClockWatch), memory handed back before long sleeps (MemoryCare), stale run files (RunFileSweep).
    var clock = ClockWatch()
    var memory = MemoryCare()
    var runFiles = RunFileSweep()
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
    /// Threads that start the jobs of one instant side by side (Launcher), started with the daemon.
    let launchPool = WorkerPool(helpers: Launcher.helperThreads)
    /// Claims of this step, sent to the cluster database together (Cluster/).
    var clusterClaims: [SlotClaim] = []
    /// Start-up's summary of the history (HistoryState), rewritten at most every `historyStateInterval`
    /// after records are written, and at exit.
    var history: HistoryState
    var historySavedAt = Instant(nanoseconds: .min)
    var historyDirty = false
    var historyStateError: String?
    static let historyStateInterval: Duration = .seconds(60)
    /// `[cluster]`: the coordinator and the database thread; nil without it.
    var cluster: ClusterRuntime?
    /// Launches waiting for free file descriptors (DeferredLaunches).
    var deferred = DeferredLaunches()
    /// What `run` returns: 1 after a fatal cluster conflict (our node name in use elsewhere).
    var exitStatus: Int32 = 0

    /// Sets everything up; throws `DaemonStartError` with the exit status to use.
    public init(options: DaemonOptions) throws {
        self.options = options
        let env = options.environment
        configuredPaths = StatePaths(environment: env)
        let (checked, runtimeProblem) = configuredPaths.checkingRuntime()
        paths = checked
        do { try StateDirectories.prepare(paths) } catch { throw DaemonStartError(status: 2, message: "scheduler: " + error.description) }
        zone = TimeZoneRules.system(environment: env)
        let previousDaemon: FileLock.Owner?
        userLock = try UserDaemonLock.take(paths: paths, config: StatePaths.canonicalConfig(options.configPath))
        do {
            (instanceLock, previousDaemon) = try DaemonRuntime.takeInstanceLock(paths: paths, config: options.configPath)
        } catch { try? userLock.close(); throw error }
        do {
            config = try ConfigLoader(environment: env).load(path: options.configPath).pausing(paths)
        } catch {
            try? instanceLock.close(); try? userLock.close()
            throw DaemonStartError(status: 2, message: error.render(color: false))
        }
        log = LogWriter(path: paths.log, maxBytes: config.daemon.logMaxBytes, files: config.daemon.logFiles, zone: zone, toStderr: options.logToStderr)
        log.outputToStderr = Self.outputToStderr(config.daemon)
        log.startThreads()  // a stalled stderr reader or disk must never hold up a launch
        journal = Journal(path: paths.journal, zone: zone, retention: JournalRetention(config.daemon))
        _ = try Signals.block(SignalSet([.term, .int, .hup, .chld]))
        try Signals.ignoreBrokenPipe()
        signals = try SignalDescriptor(SignalSet([.term, .int, .hup, .chld]))
        timer = try TimerDescriptor(clock: .realtime)
        watcher = try? FileWatcher(path: options.configPath)
        notify = SystemdNotifier(environment: env)
        // Jobs start on the microsecond they are due, not up to 50 µs later (the default slack).
        try? CurrentProcess.setTimerSlack(nanoseconds: 1_000)
        // Each job holds a few descriptors (pipes, lock); systemd's soft limit of 1024 fails the 201st of
        // 700 jobs due at once. The hard limit is what the admin allows: take it.
        let before = try? CurrentProcess.fileLimit(), after = try? CurrentProcess.raiseFileLimit()
        let now = Instant(nanoseconds: SystemClock.realtime())
        let candidates = Orphans.candidates(paths: paths, since: previousDaemon?.startedAt)
        let recovery = HistoryRecovery.recover(journal: paths.journal, statePath: paths.historyState, watching: Set(candidates.map(\.id)))
        let host = (try? CurrentProcess.hostname()) ?? "localhost"
        let zone = self.zone
        orphans = Orphans(candidates, unrecorded: recovery.unrecorded)
        var known = recovery.state.jobs
        orphans.extend(&known)
        history = recovery.state
        history.jobs = known
        let node = config.cluster.map { $0.node ?? host }
        journal.node = node  // fixed until a restart: a changed [cluster] waits for one
        let boot = BootRecord.check(paths: paths, source: BootRecord.source(environment: env))
        engine = Engine(config: config, now: now, history: known, host: host, zone: zone, seed: UInt64.random(in: 0...UInt64.max),
                        cluster: config.cluster.map { ClusterContext(node: node!, claimGrace: $0.claimGrace, whenUnreachable: $0.whenUnreachable) },
                        boot: boot, compile: { DaemonRuntime.compile($0, systemZone: zone) })
        do {
            cluster = try DaemonRuntime.startCluster(config, node: node ?? host, host: host, zone: zone.name, options: options, now: now)
        } catch {
            try? instanceLock.close(); try? userLock.close()
            throw DaemonStartError(status: 2, message: "\(error)")
        }
        for w in recovery.warnings + (recovery.report.map { [$0] } ?? []) {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Warning: " + w))
        }
        pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Starting with \(config.jobs.count) job(s) from \(options.configPath) (pid \(CurrentProcess.id))"))
        if let runtimeProblem {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "\(runtimeProblem): locks and the control socket are in \(paths.runtime)"))
        }
        if let before, let after, after.soft > before.soft {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Raised the open-file limit from \(before.soft) to \(after.soft)"))
        }
        // Recorded once start-up can no longer fail: a start that failed did not have this boot's @reboot runs.
        do { try BootRecord.record(boot, paths: paths) } catch {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Warning: can't record the boot id in \(paths.bootRecord) "
                + "(\(error)): @reboot jobs will run again at the next start"))
        }
        announceOrphans(now: now)
        journal.expire(now: now)
        journalNotes(now: now)
        saveHistoryState(now: now)
        openControlSocket(now: now)
        launchPool.startHelpers()
    }

    deinit { buffer.deallocate() }

    /// Runs until a graceful shutdown completes; returns the exit status.
    public func run() -> Int32 {
        notify.send("READY=1")
        while !finished {
            step(now: wallNow())
            if finished { break }
            runFiles.sweepIfDue(paths, now: SystemClock.realtime())
            memory.trimBeforeSleep(now: SystemClock.realtime(), wake: wake)
            do { try waitForEvents() } catch {
                pendingLogs.append(LogLine(time: wallNow(), dyno: "scheduler", message: "Error while waiting: \(error)"))
                SystemClock.sleep(nanoseconds: 100_000_000)  // don't spin if poll keeps failing
            }
        }
        if historyDirty { saveHistoryState(now: wallNow()) }
        clusterFinish()
        flushLogs()
        log.finish()
        notify.send("STOPPING=1")
        control?.close()
        try? instanceLock.close()
        try? userLock.close()
        return exitStatus
    }

    func wallNow() -> Instant { Instant(nanoseconds: SystemClock.realtime()) }

    /// Advances the engine (`Engine.step` feeds launch outcomes back) and performs its actions.
    func step(now: Instant) {
        if let delta = clock.jump(now: now) { engine.clockJumped(by: delta, now: now) }
        watchRuntime(now: now)
        checkOrphans(now: now)
        retryDeferred(now: now)
        var rounds = 0
        repeat {
            engine.step(now: now, perform: { perform($0) }, launch: { launchAll($0, now: now) })
            rounds += 1
        } while clusterStep(now: now) && rounds < 100
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
}
