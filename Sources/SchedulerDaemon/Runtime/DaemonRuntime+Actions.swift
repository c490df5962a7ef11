#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SchedulerCore
import SystemCalls

extension DaemonRuntime {
    func perform(_ action: Action, now: Instant) {
        switch action {
        case .launch(let r): launchAll([r], now: now)
        case .signal(let id, let s): signal(id, s)
        case .record(let r):
            pendingRecords.append(r)
            notifications.recorded(r, runtime: self, now: now)
        case .log(let l): pendingLogs.append(l)
        case .sleepUntil(let t): wake = t
        case .finished: finished = true
        }
    }

    /// Writes the records of this step with one fsync, before the loop sleeps (or exits).
    func flushRecords(now: Instant) {
        guard !pendingRecords.isEmpty else { return }
        do { try journal.append(contentsOf: pendingRecords) } catch {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Can't write the run history \(journal.path): \(error)"))
        }
        pendingRecords.removeAll(keepingCapacity: true)
        journalNotes(now: now)
    }

    func journalNotes(now: Instant) {
        for w in journal.warnings { pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Warning: " + w)) }
        for n in journal.notes { pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: n)) }
        journal.clearWarnings()
    }

    /// Starts the jobs of one step together (Launcher), then tells the engine what became of each.
    func launchAll(_ requests: [LaunchRequest], now: Instant) {
        fed = true; workSinceTrim = true
        let launcher = Launcher(paths: paths, environment: options.environment, zone: zone)
        for (r, outcome) in zip(requests, launcher.start(requests, at: now, pool: launchPool)) {
            switch outcome {
            case .started(let pid, let stdout, let stderr):
                if r.takeLock { orphansEnded(lockPath: paths.lock(job: r.id.job), now: now) }
                processes[r.id] = RunningProcess(id: r.id, pid: pid, stdout: stdout, stderr: stderr,
                                                 keepLines: Notifications.wantsOutput(r.job) ? Notifications.keptOutputLines : 0)
                engine.runStarted(r.id, pid: pid, at: now)
            case .locked: engine.launchFailed(r.id, .locked, at: now)
            case .failed(let message): engine.launchFailed(r.id, .error(message), at: now)
            }
        }
    }

    /// SIGTERM or SIGKILL to the run's whole process group (its session: it was started with setsid).
    func signal(_ id: RunID, _ s: StopSignal) {
        guard let p = processes[id] else { return }
        p.stopping = true
        try? Signals.sendToGroup(s == .terminate ? .term : .kill, p.pid)
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
            let status: ExitStatus
            switch t.status {
            case .exited(let code): status = .exited(code)
            case .signaled(let s, _): status = .signaled(s.rawValue)
            }
            let cpu = Double(t.usage.userCPU + t.usage.systemCPU) / 1e9
            engine.runExited(p.id, status: status, usage: ResourceUsage(cpuSeconds: cpu, maxRSSKB: Int(t.usage.maxResidentKiB)), at: now)
            fed = true; workSinceTrim = true
        }
    }
}
