import SchedulerCore
import SystemCalls

extension DaemonRuntime {
    /// Opens the control socket; a failure is logged and the daemon runs on without it.
    func openControlSocket(now: Instant) {
        try? runtimeWatcher?.close()
        runtimeWatcher = nil
        do {
            let server = try ControlServer(paths: paths, config: options.configPath)
            control = server
            // Wakes the loop when the socket or its directory goes (logind removes $XDG_RUNTIME_DIR at logout).
            runtimeWatcher = try? FileWatcher(path: server.path)
        } catch {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Control socket not available (scheduler run --detach, reload and pause need it): \(error)"))
        }
    }

    /// Accepts waiting connections (never blocks; they join the poll until their line arrives).
    func acceptControl() {
        memory.noteWork()
        control?.acceptPending(now: SystemClock.monotonic())
    }

    /// Reads from one waiting connection; answers and closes it once its request line is complete.
    func handleControl(_ connection: FileDescriptor, now: Instant) {
        guard let server = control, let line = server.readRequest(connection) else { return }
        let reply = answer(line, now: now)
        control?.send(connection, reply + "\n", now: SystemClock.monotonic())  // never waits for the reader
    }

    /// The reply line to one request line (see `ControlServer`).
    func answer(_ line: String, now: Instant) -> String {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let verb = parts.first ?? "", arg = parts.count > 1 ? parts[1] : ""
        switch verb {
        case "ping": return "ok \(CurrentProcess.id)"
        case "reload":
            return reloadConfig(now: now, why: "scheduler reload").map { "error " + $0 } ?? "ok"
        case "trigger": return trigger(arg, now: now)
        case "pending": return "ok " + ControlViews.encode(engine.pendingStarts())
        case "jobs": return "ok " + ControlViews.encode(engine.plannedJobs())
        case "number":
            guard let n = engine.reserveRunNumber(arg) else { return "error no job named '\(arg)' in the running config" }
            return "ok \(n)"
        default: return "error unknown request '\(verb)'"
        }
    }

    /// Starts a run now through the engine (overlap policy applies) and says what became of it.
    func trigger(_ job: String, now: Instant) -> String {
        guard let settings = engine.job(named: job) else { return "error no job named '\(job)' in the running config" }
        if PausedJobs.read(paths).contains(job) { return "error \(job) is paused; 'scheduler resume \(job)' first" }
        if !engine.isRunning(job), settings.overlap != .allow, LockProbe().isHeld(paths.lock(job: job)) {
            // A run this daemon did not start (an earlier daemon's, or `scheduler run`) holds the lock.
            let holder = ForegroundRun.describeHolder(path: paths.lock(job: job), zone: zone)
            return "error \(job) is already running\(holder)"
        }
        switch engine.triggerNow(job, at: now) {
        case .started(let id): return "ok started \(id.dyno)"
        case .queued(let run): return "ok queued \(job).\(run)"
        case .claiming: return "ok claiming a manual slot of \(job) in the cluster database; it starts here unless a run is up on another node"
        case .skipped(let busySince):
            let since = busySince.map { " since \(TimeFormat.rfc3339($0, zone: zone))" } ?? ""
            return "error \(job) skipped: it is still running\(since) (overlap = \"skip\")"
        case .refused(let why):
            return "error can't start \(job): " + (why == .shuttingDown ? "the daemon is shutting down" : why == .disabled ? "the job is disabled" : "no such job")
        }
    }
}
