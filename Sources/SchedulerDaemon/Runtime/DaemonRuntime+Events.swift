import SchedulerCore
import SystemCalls

extension DaemonRuntime {
    /// What a poll slot belongs to.
    enum Source { case signals, timer, watcher, output(RunID, stderr: Bool), control, connection(FileDescriptor), reply(FileDescriptor), cluster, runtime }

    /// Arms the timer for the engine's next wake (at most 60 s away), polls every source once, handles what is ready.
    func waitForEvents() throws {
        let nowNs = SystemClock.realtime()
        var deadline = min(wake?.nanoseconds ?? Int64.max, nowNs + DaemonRuntime.maxSleep)
        if let check = orphans.nextCheck { deadline = min(deadline, max(check, nowNs)) }
        for t in [deferred.retryAt, runtimeCheckAt].compactMap({ $0 }) { deadline = min(deadline, max(t.nanoseconds, nowNs)) }
        if let w = cluster?.coordinator.wake { deadline = min(deadline, max(w.nanoseconds, nowNs)) }
        let mono = SystemClock.monotonic()
        control?.expire(now: mono)
        if let d = control?.nextDeadline { deadline = min(deadline, nowNs + max(d - mono, 0)) }
        if let w = notify.watchdog(now: SystemClock.now(.boottime)) {
            deadline = min(deadline, nowNs + max(w - SystemClock.now(.boottime), 0))
        }
        // The log file's thread is behind (a slow disk, a flood): job output stays in the pipes a moment.
        let outputPaused = log.fileBacklogHigh
        if outputPaused { deadline = min(deadline, nowNs + 5_000_000) }
        try timer.arm(at: max(deadline, nowNs + 1), cancelOnClockChange: true)
        var items: [(descriptor: FileDescriptor, events: PollEvents)] = [(signals.descriptor, .readable), (timer.descriptor, .readable)]
        var sources: [Source] = [.signals, .timer]
        if let w = watcher { items.append((w.descriptor, .readable)); sources.append(.watcher) }
        if let w = runtimeWatcher { items.append((w.descriptor, .readable)); sources.append(.runtime) }
        for (fd, events) in control?.pollItems(now: mono) ?? [] {
            items.append((fd, events))
            sources.append(fd == control?.listener ? .control : events == .writable ? .reply(fd) : .connection(fd))
        }
        if let fd = cluster?.link.results.descriptor { items.append((fd, .readable)); sources.append(.cluster) }
        for (id, p) in processes where !outputPaused {
            if let fd = p.stdout { items.append((fd, .readable)); sources.append(.output(id, stderr: false)) }
            if let fd = p.stderr { items.append((fd, .readable)); sources.append(.output(id, stderr: true)) }
        }
        let ready = try Poll.wait(items, timeout: nil)
        let now = wallNow()
        for (i, ev) in ready.enumerated() where !ev.isEmpty {
            switch sources[i] {
            case .signals: handleSignals(now: now)
            case .timer: _ = try? timer.read()
            case .watcher: handleConfigChange(now: now)
            case .control: acceptControl()
            case .connection(let fd): handleControl(fd, now: now)
            case .reply(let fd): control?.continueReply(fd)
            case .cluster: handleClusterResults(now: now)
            case .runtime: runtimeChanged(now: now)
            case .output(let id, let which):
                if let p = processes[id] { writeOutput(now: now) { p.drain(stderr: which, budget: 1 << 20, buffer: buffer, prefix: $0, into: &$1) } }
            }
        }
        if pendingLogs.count > 0 { flushLogs() }
    }

    /// Job output goes straight to the log as bytes, one write per batch; scheduler lines queued before it
    /// are written first so the log keeps its order.
    func writeOutput(now: Instant, _ body: ([UInt8], inout [UInt8]) -> Void) {
        if !pendingLogs.isEmpty { flushLogs() }
        outputBytes.removeAll(keepingCapacity: outputBytes.capacity <= 4 << 20)
        body(log.stampBytes(now), &outputBytes)
        if !outputBytes.isEmpty { log.writeBytes(outputBytes, now: now.seconds, output: true) }
    }

    func handleSignals(now: Instant) {
        guard let events = try? signals.read() else { return }
        var reload = false
        for e in events {
            switch e.signal {
            case .chld: reapChildren(now: now)
            case .hup: reload = true
            case .term, .int:
                notify.send("STOPPING=1")
                pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Received \(e.signal.name)"))
                engine.shutdown(at: now)
            default: break
            }
        }
        if reload { reloadConfig(now: now, why: "SIGHUP") }
    }

    func handleConfigChange(now: Instant) {
        guard let w = watcher else { return }
        let changes = (try? w.readChanges()) ?? []
        // Watch afresh after a change: a lost watch, or a symlinked config that may point elsewhere now.
        if !changes.isEmpty { try? w.close(); watcher = try? FileWatcher(path: options.configPath) }
        if changes.contains(where: { $0 == .written || $0 == .replaced }) { reloadConfig(now: now, why: "the file changed") }
    }

    /// Loads the config again; a bad one is reported line by line and the old one kept. Returns why it
    /// was not taken when a `[cluster]` change needs a restart.
    @discardableResult
    func reloadConfig(now: Instant, why: String) -> String? {
        notify.send("RELOADING=1\nMONOTONIC_USEC=\(SystemClock.monotonic() / 1000)")
        defer { notify.send("READY=1"); memory.noteWork() }
        do {
            let new = try ConfigLoader(environment: options.environment).load(path: options.configPath).pausing(paths)
            guard new != config else { return nil }
            if let refusal = clusterRestartNeeded(new) {
                pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Config not reloaded (\(why)): " + refusal))
                return refusal
            }
            config = new
            log.maxBytes = new.daemon.logMaxBytes; log.files = new.daemon.logFiles
            log.outputToStderr = Self.outputToStderr(new.daemon)
            journal.retention = JournalRetention(new.daemon)
            engine.configReplaced(new, at: now)
            clusterReloaded(new, now: now)
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Reloaded \(options.configPath) (\(why)): \(new.jobs.count) job(s)"))
        } catch {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Config not reloaded (\(why)); keeping the running one. Errors:"))
            for line in error.render(color: false).split(separator: "\n") {
                pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "  " + line))
            }
        }
        return nil
    }
}
