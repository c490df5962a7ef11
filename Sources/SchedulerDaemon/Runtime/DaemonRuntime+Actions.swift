import SchedulerCore
import SystemCalls

extension DaemonRuntime {
    /// Carries out one action of the engine's (launches come through `launchAll`).
    func perform(_ action: Action) {
        switch action {
        case .launch: preconditionFailure("Engine.step hands launches to launchAll")
        case .claim(let c): clusterClaims.append(c)
        case .signal(let id, let s): signal(id, s)
        case .record(let r, let willRetry): pendingRecords.append((r, willRetry)); clusterRecorded(r)
        case .log(let l): pendingLogs.append(l)
        case .sleepUntil(let t): wake = t
        case .finished: finished = true
        }
    }

    /// Writes the records of this step with one fsync, before the loop sleeps (or exits); then hooks and mail.
    func flushRecords(now: Instant) {
        guard !pendingRecords.isEmpty else { return }
        log.waitForFile()
        do {
            let records = pendingRecords.map(\.record)
            try journal.append(contentsOf: records)
            history.merge(records)
            historyDirty = true
            if now - historySavedAt >= Self.historyStateInterval { saveHistoryState(now: now) }
        } catch {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Can't write the run history \(journal.path): \(error)"))
        }
        let context = notifyContext
        for (r, willRetry) in pendingRecords {
            pendingLogs += notifications.recorded(r, willRetry: willRetry, job: engine.job(named: r.job), context: context, now: now)
        }
        pendingRecords.removeAll(keepingCapacity: true)
        journalNotes(now: now)
    }

    /// Writes the history state file: after the journal's fsync, so it never claims a record not on disk.
    /// Open attempts are the engine's runs and the orphans still watched.
    func saveHistoryState(now: Instant) {
        history.merge(engine.lastRuns)
        let p = journal.position()
        (history.journalDevice, history.journalInode, history.offset) = (p.device, p.inode, p.size)
        history.writtenAt = now
        history.open = Set(engine.runningIDs + orphans.entries.map { RunID(job: $0.state.job, run: $0.state.run, attempt: $0.state.attempt) })
        historySavedAt = now; historyDirty = false
        do {
            try history.write(paths.historyState)
            historyStateError = nil
        } catch {
            let message = "Can't write \(paths.historyState): \(error) (the next start reads the run history instead)"
            if message != historyStateError { pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: message)) }
            historyStateError = message
        }
    }

    func journalNotes(now: Instant) {
        for w in journal.warnings { pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Warning: " + w)) }
        for n in journal.notes { pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: n)) }
        journal.clearWarnings()
    }

    /// What hooks and mail need from the daemon.
    var notifyContext: NotifyContext {
        NotifyContext(environment: options.environment, zone: zone, hookTimeout: config.daemon.hookTimeout)
    }

    /// What the metrics file is made of; nil without `metrics_file`.
    var metricsInput: MetricsInput? {
        guard config.daemon.metricsFile != nil else { return nil }
        return MetricsInput(config: config, engine: engine, running: processes.count, journal: paths.journal,
                            cluster: cluster.map { ClusterMetrics(up: $0.coordinator.up == true, claimsWon: $0.coordinator.claimsWon,
                                                                   claimsLost: $0.coordinator.claimsLost) })
    }

    /// Starts the jobs of one round together (Launcher) and says what became of each (`Engine.step` tells the engine).
    func launchAll(_ requests: [LaunchRequest], now: Instant) -> [LaunchOutcome] {
        memory.noteWork()
        let launcher = Launcher(paths: paths, environment: options.environment, zone: zone)
        return zip(requests, launcher.start(requests, at: now, pool: launchPool)).map { r, outcome in
            switch outcome {
            case .started(let pid, let stdout, let stderr):
                if r.takeLock { orphansEnded(lockPath: paths.lock(job: r.id.job), now: now) }
                processes[r.id] = RunningProcess(id: r.id, pid: pid, stdout: stdout, stderr: stderr,
                                                 keepLines: Notifications.wantsOutput(r.job) ? Notifications.keptOutputLines : 0)
                clusterStarted(r, pid: pid)
                return .started(pid: pid)
            case .locked: return .failed(.locked)
            case .noDescriptors(let message): deferLaunch(r, reason: message, now: now); return .deferred
            case .failed(let message): return .failed(.error(message))
            }
        }
    }

    /// A teardown step's signal to the run's whole process group (its session: it was started with setsid).
    func signal(_ id: RunID, _ s: Signal) {
        guard let p = processes[id] else { _ = cancelDeferred(id); return }
        p.stopping = true
        try? Signals.sendToGroup(s, p.pid)
    }

    /// Reaps ended jobs: drains their output, kills leftovers of stopped runs, tells the engine.
    func reapChildren(now: Instant) {
        let pids = processes.values.map(\.pid)
        guard !pids.isEmpty, let ended = try? Child.reap(pids) else { return }
        for t in ended {
            guard let p = processes.values.first(where: { $0.pid == t.pid }) else { continue }
            writeOutput(now: now) { p.finish(buffer: buffer, prefix: $0, into: &$1) }
            if let t = p.tail { notifications.keepOutput(p.id.dyno, t.lines) }
            // A stopped run must leave nothing behind: grandchildren that ignored SIGTERM go now.
            if p.stopping { try? Signals.sendToGroup(.kill, p.pid) }
            processes[p.id] = nil
            engine.runExited(p.id, status: ExitStatus(t.status), usage: t.usage, at: now)
            memory.noteWork()
            if !deferred.requests.isEmpty { deferred.retryAt = now }  // its descriptors are free now
        }
    }
}
