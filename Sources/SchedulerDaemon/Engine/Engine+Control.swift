import SchedulerCore

extension Engine {
    /// A new config was loaded. Running processes are left alone; a removed job's run finishes and is recorded.
    public mutating func configReplaced(_ config: Config, at now: Instant) {
        settings = config.daemon
        let names = Set(config.jobs.map(\.name))
        for name in order where !names.contains(name) {
            guard var st = jobs[name] else { continue }
            st.removed = true; st.retry = nil; st.queued = nil; st.nextSlot = nil; st.nextDue = nil; st.claims = []
            jobs[name] = st
            endSkips(name)
            st.skips = nil
            jobs[name] = st.running.isEmpty ? nil : st
            if st.running.isEmpty { retiredRuns[name] = st.lastRun }
            say(name, st.running.isEmpty ? "Removed from the config" : "Removed from the config; its running process may finish", now)
        }
        var newOrder: [String] = []
        for job in config.jobs {
            newOrder.append(job.name)
            guard var st = jobs[job.name] else {
                jobs[job.name] = JobState(job: job, schedule: compile(job), lastRun: retiredRuns.removeValue(forKey: job.name) ?? 0)
                if jobs[job.name]?.schedule == nil { say(job.name, "Schedule can't be used (time zone?); job will not run", now) }
                planNext(job.name, after: now)
                if job.schedule.isReboot { rebootAddedOnReload(job.name, now: now) }
                continue
            }
            guard st.job != job || st.removed else { continue }
            let timing = st.job.schedule != job.schedule || st.job.timezone != job.timezone
                || st.job.spread != job.spread || st.job.jitter != job.jitter || st.job.enabled != job.enabled || st.removed
            let becameReboot = (st.job.schedule != job.schedule || st.removed) && job.schedule.isReboot
            st.job = job; st.removed = false
            if timing { st.schedule = compile(job) }
            if !job.enabled { st.retry = nil; st.queued = nil }
            jobs[job.name] = st
            if timing { planNext(job.name, after: now) }
            if becameReboot { rebootAddedOnReload(job.name, now: now) }
        }
        order = newOrder + order.filter { !names.contains($0) && jobs[$0] != nil }
        reindex()
    }

    /// Starts a run of `job` now (as if due), subject to its overlap policy, and says what became of it.
    @discardableResult
    public mutating func triggerNow(_ job: String, at now: Instant) -> TriggerResult {
        let refusal: TriggerRefusal? = jobs[job].map { st in
            shutdownDeadline != nil ? .shuttingDown : !st.job.enabled || st.removed ? .disabled : nil
        } ?? .unknownJob
        if let refusal {
            let why = [TriggerRefusal.unknownJob: "no such job", .shuttingDown: "shutting down", .disabled: "job is disabled"][refusal]!
            say(job, "Can't start: " + why, now)
            return .refused(refusal)
        }
        say(job, "Run requested", now)
        return startScheduled(job, scheduledAt: now, now: now, kind: .manual)
    }

    /// The job's settings as the engine runs them (also a removed job whose run is still up).
    public func job(named name: String) -> Job? { jobs[name]?.job }

    /// Whether a run of the job is in progress (started and not recorded yet).
    public func isRunning(_ name: String) -> Bool { !(jobs[name]?.running.isEmpty ?? true) }

    /// Takes the job's next run number for a run started outside the engine (`scheduler run` asks the daemon).
    public mutating func reserveRunNumber(_ name: String) -> Int? {
        jobs[name] == nil ? nil : takeRunNumber(name)
    }

    /// Graceful shutdown: start nothing new; running jobs get `shutdownGrace`, then are stopped as on timeout.
    public mutating func shutdown(at now: Instant) {
        guard shutdownDeadline == nil else { return }
        shutdownDeadline = now + settings.shutdownGrace
        let running = jobs.values.reduce(0) { $0 + $1.running.count }
        for name in order {
            jobs[name]?.retry = nil; jobs[name]?.queued = nil; jobs[name]?.claims.removeAll { $0.sendAt != nil }
            endSkips(name)
        }
        say("scheduler", running == 0 ? "Shutting down" :
            "Shutting down: waiting up to \(DurationSyntax.format(settings.shutdownGrace)) for \(running) running job(s)", now)
    }

    mutating func stopAllForShutdown(now: Instant) {
        shutdownStopped = true
        for name in order {
            for r in jobs[name]?.running ?? [] where r.stopReason == nil { stop(name, r.id, reason: .shutdown, now: now) }
        }
    }

    /// The wall clock was set by `delta` (runtime detects it). Elapsed-time deadlines (timeouts, kill grace,
    /// retry waits, shutdown grace) move with it; schedule slots stay on the wall clock, and slots already
    /// handled are not run again — unless the clock went back more than `bigBackwardJump`, which resets schedules.
    public mutating func clockJumped(by delta: Duration, now: Instant) {
        shutdownDeadline = shutdownDeadline.map { $0 + delta }
        let reset = delta < .zero - Engine.bigBackwardJump
        for name in order {
            guard var st = jobs[name] else { continue }
            for i in st.running.indices {
                st.running[i].timeoutAt = st.running[i].timeoutAt.map { $0 + delta }
                st.running[i].teardown?.shift(by: delta)
            }
            if let r = st.retry { st.retry?.at = r.at + delta }
            if reset { st.lastSlot = nil }
            jobs[name] = st
            if reset || delta < .zero { planNext(name, after: now) }
        }
        say("scheduler", "Clock changed by \(delta < .zero ? "-" : "+")\(DurationSyntax.format(delta < .zero ? .zero - delta : delta))", now)
    }
}
