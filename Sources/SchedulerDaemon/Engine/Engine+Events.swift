import SchedulerCore

extension Engine {
    /// The runtime started the process of `id`.
    public mutating func runStarted(_ id: RunID, pid: Int32, at now: Instant) {
        guard let i = jobs[id.job]?.running.firstIndex(where: { $0.id == id }) else { return }
        jobs[id.job]?.running[i].pid = pid
        say(id.dyno, "State changed from starting to up", now)
    }

    /// The runtime could not start `id`: its lock is held (treated as still running) or spawn failed.
    public mutating func launchFailed(_ id: RunID, _ failure: LaunchFailure, at now: Instant) {
        guard let i = jobs[id.job]?.running.firstIndex(where: { $0.id == id }) else { return }
        switch failure {
        case .locked:
            let run = jobs[id.job]!.running.remove(at: i)
            outbox.append(.record(JournalRecord(job: id.job, run: id.run, attempt: id.attempt, scheduledAt: run.scheduledAt,
                                                startedAt: now, endedAt: now, status: .skipped)))
            say(id.dyno, "Skipping: the job's lock is held (a run started earlier, maybe by a previous daemon, is still up)", now)
            say(id.dyno, "State changed from starting to skipped", now)
            forgetIfRemoved(id.job)
        case .error(let message):
            finish(id, .spawnFailed(message), ResourceUsage(), at: now)
        }
    }

    /// The process of `id` ended (after its output was drained).
    public mutating func runExited(_ id: RunID, status: ExitStatus, usage: ResourceUsage, at now: Instant) {
        finish(id, status, usage, at: now)
    }

    /// Records the attempt, logs its end and plans a retry when the policy allows.
    mutating func finish(_ id: RunID, _ exit: ExitStatus, _ usage: ResourceUsage, at now: Instant) {
        guard var st = jobs[id.job], let i = st.running.firstIndex(where: { $0.id == id }) else { return }
        let run = st.running.remove(at: i)
        let status = Engine.classify(exit, stopReason: run.stopReason)
        var rec = JournalRecord(job: id.job, run: id.run, attempt: id.attempt, scheduledAt: run.scheduledAt,
                                startedAt: run.launchedAt, endedAt: now, status: status,
                                cpuSeconds: usage.cpuSeconds, maxRSSKB: usage.maxRSSKB, pid: run.pid)
        switch exit {
        case .exited(let c): rec.exitCode = c; say(id.dyno, "Process exited with status \(c)", now)
        case .signaled(let s): rec.signal = s; say(id.dyno, "Process exited on signal \(s) (\(Engine.signalName(s)))", now)
        case .spawnFailed(let m): say(id.dyno, "Process failed to start: \(m)", now)
        }
        let retryable = status == .failed || status == .timedOut
        let plan = retryable && run.stopReason != .replaced && st.runnable && shutdownDeadline == nil
        let retrying = plan && id.attempt <= st.job.retry.attempts
        outbox.append(.record(rec, willRetry: retrying))
        let state = [RunStatus.succeeded: "complete", .timedOut: "timed out"][status] ?? "crashed"
        say(id.dyno, "State changed from \(run.pid == nil ? "starting" : "up") to \(state)", now)
        if retrying {
            let wait = Delays.backoff(st.job.retry, retry: id.attempt, using: &rng)
            st.retry = PendingRetry(run: id.run, attempt: id.attempt + 1, scheduledAt: run.scheduledAt, at: now + wait)
            say(id.dyno, "Retrying in \(DurationSyntax.format(wait)) (attempt \(id.attempt + 1) of \(st.job.retry.attempts + 1))", now)
        } else if plan, st.job.retry.attempts > 0 {
            say(id.dyno, "Giving up after \(id.attempt) attempts", now)
        }
        jobs[id.job] = st
        forgetIfRemoved(id.job)
    }

    static func classify(_ exit: ExitStatus, stopReason: StopReason?) -> RunStatus {
        if stopReason == .timeout { return .timedOut }
        switch exit {
        case .exited(0): return stopReason == nil ? .succeeded : .killed
        case .exited, .spawnFailed: return stopReason == nil ? .failed : .killed
        case .signaled: return .killed
        }
    }

    static func signalName(_ s: Int32) -> String {
        let names: [Int32: String] = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM"]
        return names[s] ?? "signal \(s)"
    }

    private mutating func forgetIfRemoved(_ name: String) {
        if let st = jobs[name], st.removed, st.running.isEmpty { jobs[name] = nil }
    }

    /// Sends SIGTERM to a run's process group and arms the SIGKILL deadline.
    mutating func stop(_ name: String, _ id: RunID, reason: StopReason, now: Instant) {
        guard let st = jobs[name], let i = st.running.firstIndex(where: { $0.id == id }) else { return }
        jobs[name]?.running[i].stopReason = reason
        jobs[name]?.running[i].killAt = now + st.job.killGrace
        let why = [StopReason.timeout: "Timed out after \(DurationSyntax.format(st.job.timeout ?? .zero))",
                   .replaced: "Replaced by a new run", .shutdown: "Stopping for shutdown"][reason]!
        say(id.dyno, "\(why): sending SIGTERM to the process group", now)
        outbox.append(.signal(id, .terminate))
    }

    /// Timeouts and SIGKILL deadlines of the job's runs.
    mutating func checkDeadlines(_ name: String, now: Instant) {
        guard let st = jobs[name] else { return }
        for r in st.running {
            if r.stopReason == nil, let t = r.timeoutAt, t <= now {
                stop(name, r.id, reason: .timeout, now: now)
            } else if r.stopReason != nil, let k = r.killAt, k <= now, let i = jobs[name]?.running.firstIndex(where: { $0.id == r.id }) {
                jobs[name]?.running[i].killAt = nil
                say(r.id.dyno, "Still up \(DurationSyntax.format(st.job.killGrace)) after SIGTERM: sending SIGKILL", now)
                outbox.append(.signal(r.id, .kill))
            }
        }
    }
}
