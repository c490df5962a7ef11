import SchedulerCore
import SystemCalls

extension DaemonRuntime {
    /// Opens the control socket; a failure is logged and the daemon runs on without it.
    func openControlSocket(now: Instant) {
        do {
            control = try ControlServer(paths: paths, config: options.configPath)
        } catch {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Control socket not available (scheduler run --detach, reload and pause need it): \(error)"))
        }
    }

    /// Answers one request on the control socket.
    func handleControl(now: Instant) {
        workSinceTrim = true
        guard let server = control, let (c, line) = server.nextRequest() else { return }
        defer { try? c.close() }
        let reply = answer(line, now: now)
        try? c.write(all: reply + "\n")
    }

    /// The reply line to one request line (see `ControlServer`).
    func answer(_ line: String, now: Instant) -> String {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let verb = parts.first ?? "", arg = parts.count > 1 ? parts[1] : ""
        switch verb {
        case "ping": return "ok \(CurrentProcess.id)"
        case "reload":
            reloadConfig(now: now, why: "scheduler reload")
            fed = true
            return "ok"
        case "trigger": return trigger(arg, now: now)
        case "number":
            guard engine.jobs[arg] != nil else { return "error no job named '\(arg)' in the running config" }
            return "ok \(engine.takeRunNumber(arg))"
        default: return "error unknown request '\(verb)'"
        }
    }

    /// Starts a run now through the engine (overlap policy applies) and says what became of it.
    func trigger(_ job: String, now: Instant) -> String {
        guard engine.jobs[job] != nil else { return "error no job named '\(job)' in the running config" }
        if PausedJobs.read(paths).contains(job) { return "error \(job) is paused; 'scheduler resume \(job)' first" }
        if let st = engine.jobs[job], st.running.isEmpty, st.job.overlap != .allow, LockProbe().isHeld(paths.lock(job: job)) {
            // A run this daemon did not start (an earlier daemon's, or `scheduler run`) holds the lock.
            let holder = ForegroundRun.describeHolder(path: paths.lock(job: job), zone: zone)
            return "error \(job) is already running\(holder)"
        }
        let before = engine.outbox.count
        guard engine.triggerNow(job, at: now) else {
            return "error can't start \(job): " + (engine.shutdownDeadline != nil ? "the daemon is shutting down" : "the job is disabled")
        }
        fed = true
        for action in engine.outbox[before...] {
            if case .launch(let r) = action, r.id.job == job { return "ok started \(r.id.dyno)" }
            if case .record(let r) = action, r.job == job, r.status == .skipped {
                let since = engine.jobs[job].flatMap { engine.busySince($0) }.map { " since \(TimeFormat.rfc3339($0, zone: zone))" } ?? ""
                return "error \(job).\(r.run) skipped: \(job) is still running\(since) (overlap = \"skip\")"
            }
        }
        if let q = engine.jobs[job]?.queued { return "ok queued \(job).\(q.run)" }
        return "ok started"
    }
}
