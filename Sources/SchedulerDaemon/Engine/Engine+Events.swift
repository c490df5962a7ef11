import SchedulerCore
import SystemCalls

extension Engine {
    /// The runtime started the process of `id`.
    public mutating func runStarted(_ id: RunID, pid: Int32, at now: Instant) {
        guard let i = jobs[id.job]?.running.firstIndex(where: { $0.id == id }), var run = jobs[id.job]?.running[i] else { return }
        run.pid = pid
        if now > run.launchedAt {  // a deferred launch: it started now, and its timeout counts from now
            run.timeoutAt = run.timeoutAt.map { $0 + (now - run.launchedAt) }
            run.launchedAt = now
        }
        jobs[id.job]?.running[i] = run
        endSkips(id.job)
        say(id.dyno, "State changed from starting to up", now)
    }

    /// The runtime could not start `id`: its lock is held (treated as still running) or spawn failed.
    public mutating func launchFailed(_ id: RunID, _ failure: LaunchFailure, at now: Instant) {
        guard let i = jobs[id.job]?.running.firstIndex(where: { $0.id == id }) else { return }
        switch failure {
        case .locked:
            let run = jobs[id.job]!.running.remove(at: i)
            addSkip(id.job, scheduledAt: run.scheduledAt, now: now)  // its number stays unused
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
        let end = AttemptEnd(id, scheduledAt: run.scheduledAt, startedAt: run.launchedAt, endedAt: now, exit: exit,
                             usage: usage, stopReason: run.stopReason, pid: run.pid)
        for m in end.messages { say(id.dyno, m, now) }
        let status = end.record.status
        let retryable = status == .failed || status == .timedOut
        let plan = retryable && run.stopReason != .replaced && st.runnable && shutdownDeadline == nil
        let retrying = plan && id.attempt <= st.job.retry.attempts
        outbox.append(.record(end.record, willRetry: retrying))
        if retrying {
            let wait = Delays.backoff(st.job.retry, retry: id.attempt, using: &rng)
            st.retry = PendingRetry(run: id.run, attempt: id.attempt + 1, scheduledAt: run.scheduledAt, at: now + wait)
            say(id.dyno, "Retrying in \(DurationSyntax.format(wait)) (attempt \(id.attempt + 1) of \(st.job.retry.attempts + 1))", now)
        } else if plan, st.job.retry.attempts > 0 {
            say(id.dyno, "Giving up after \(id.attempt) attempts", now)
        }
        jobs[id.job] = st
        if !st.busy { endSkips(id.job) }
        forgetIfRemoved(id.job)
    }

    private mutating func forgetIfRemoved(_ name: String) {
        guard let st = jobs[name], st.removed, st.running.isEmpty else { return }
        endSkips(name)
        jobs[name] = nil; retiredRuns[name] = st.lastRun
    }

    /// Starts the job's teardown of a run: its first signal now, the next ones when their grace ran out.
    mutating func stop(_ name: String, _ id: RunID, reason: StopReason, now: Instant) {
        guard let st = jobs[name], let i = st.running.firstIndex(where: { $0.id == id }) else { return }
        var teardown = Teardown.Progress(st.job.teardown, at: now)
        guard let first = teardown.take(at: now) else { return }
        jobs[name]?.running[i].stopReason = reason
        jobs[name]?.running[i].teardown = teardown
        let why = [StopReason.timeout: "Timed out after \(DurationSyntax.format(st.job.timeout ?? .zero))",
                   .replaced: "Replaced by a new run", .shutdown: "Stopping for shutdown"][reason]!
        say(id.dyno, "\(why): sending \(first.signal.name) to the process group", now)
        outbox.append(.signal(id, first.signal))
    }

    /// Timeouts and the next teardown steps of the job's runs.
    mutating func checkDeadlines(_ name: String, now: Instant) {
        guard let st = jobs[name] else { return }
        for (i, r) in st.running.enumerated() {
            if r.stopReason == nil, let t = r.timeoutAt, t <= now {
                stop(name, r.id, reason: .timeout, now: now)
            } else if var teardown = r.teardown, let before = teardown.previous, let step = teardown.take(at: now) {
                jobs[name]?.running[i].teardown = teardown
                say(r.id.dyno, "Still up \(DurationSyntax.format(before.grace)) after \(before.signal.name): sending \(step.signal.name)", now)
                outbox.append(.signal(r.id, step.signal))
            }
        }
    }
}
