import SchedulerCore

/// The daemon's pure state machine. Events (`runExited`, `configReplaced`, …) change state and queue
/// actions; `advance(now:)` handles everything due by `now` and returns the queued and new actions,
/// ending with `.sleepUntil`. No I/O: the clock, randomness and schedule compilation are injected.
public struct Engine: Sendable {
    /// Binds a job's schedule to its zone; nil when it can't (the job is then never run, and logged).
    public typealias Compiler = @Sendable (Job) -> (any Schedule)?

    /// A slot handled later than this counts as missed (see `catch_up`).
    public static let lateTolerance: Duration = .seconds(60)
    /// Skip messages for one job are logged at most this often.
    public static let skipLogInterval: Duration = .seconds(60)
    /// A backward clock jump larger than this resets the schedules (else no slot would run for that long).
    public static let bigBackwardJump: Duration = .seconds(3 * 3600)

    var jobs = JobTable()
    /// Job names in config order, then removed jobs still running.
    var order: [String] = []
    var settings: DaemonSettings
    let host: String
    let zone: TimeZoneRules
    var rng: SeededRandom
    let compile: Compiler
    var outbox: [Action] = []
    var shutdownDeadline: Instant?
    var shutdownStopped = false
    var finishedSent = false
    /// `[cluster]`: this node's name and claim rules; nil runs every job here.
    var cluster: ClusterContext?
    /// Nodes alive by heartbeat, sorted (for the preferred node of a slot).
    var liveNodes: [String] = []
    /// Last run numbers of jobs not in the config (removed, or only in the history): a job added again
    /// continues from there.
    var retiredRuns: [String: Int] = [:]
    /// When each job next needs the engine (DueQueue), and each runnable job's next due slot (`nextDue()`).
    var wakes = DueQueue()
    var slots = DueQueue()
    /// Each job's position in `order`: jobs due together are handled in config order, as a full scan would.
    var orderIndex: [String: Int] = [:]
    /// Tests: handle every job on every wake and find the next wake by a scan (the reference for the queue).
    var scanAll = false

    /// Starts with `config` at `now`; `history` comes from the journal (run numbers, catch-up).
    public init(config: Config, now: Instant, history: [String: JobHistory] = [:], host: String,
                zone: TimeZoneRules = .utc, seed: UInt64, cluster: ClusterContext? = nil, boot: BootStart = .unknown(reason: "no boot id given"),
                compile: @escaping Compiler) {
        settings = config.daemon; self.host = host; self.zone = zone; self.cluster = cluster
        rng = SeededRandom(seed: seed); self.compile = compile
        for job in config.jobs {
            let h = history[job.name] ?? JobHistory()
            var st = JobState(job: job, schedule: compile(job), lastRun: h.lastRun)
            if let last = h.lastScheduledAt, last < now + Engine.bigBackwardJump { st.lastSlot = last }
            if st.schedule == nil { say(job.name, "Schedule can't be used (time zone?); job will not run", now) }
            jobs[job.name] = st; order.append(job.name)
            planNext(job.name, after: firstBase(st, now: now))
        }
        for (name, h) in history where jobs[name] == nil { retiredRuns[name] = h.lastRun }
        for name in order where jobs[name]!.job.schedule.isReboot { planReboot(name, boot, now: now) }
        reindex()
    }

    /// Where the first slot search starts: the last journalled slot for catch-up, else now.
    private func firstBase(_ st: JobState, now: Instant) -> Instant {
        // A slot whose spread delay has not elapsed yet is still to come.
        let base = now - Delays.spread(st.job.spread, host: spreadKey(st.job), job: st.job.name)
        guard let last = st.lastSlot else { return base }
        return st.job.catchUp ? last : max(last, base)
    }

    /// Handles everything due by `now`; returns the actions to perform, the last one `.sleepUntil` (or `.finished`).
    public mutating func advance(now: Instant) -> [Action] {
        let due = scanAll ? order : dueJobs(now)
        for name in due { advanceJob(name, now: now) }
        if let deadline = shutdownDeadline, !shutdownStopped, now >= deadline { stopAllForShutdown(now: now) }
        if jobs.takeRemoved() { order.removeAll { jobs[$0] == nil }; reindex() }
        refresh(due)
        refresh(jobs.takeTouched())
        var out = outbox
        outbox = []
        if shutdownDeadline != nil, jobs.values.allSatisfy({ $0.running.isEmpty && $0.claims.isEmpty }) {
            if !finishedSent { finishedSent = true; out.append(.log(LogLine(time: now, dyno: "scheduler", message: "All runs ended; stopping"))) }
            out.append(.finished)
        } else if let wake = nextWake() {
            out.append(.sleepUntil(wake))
        } else {
            out.append(.sleepUntil(now + .seconds(3600)))
        }
        return out
    }

    private mutating func advanceJob(_ name: String, now: Instant) {
        checkDeadlines(name, now: now)
        guard shutdownDeadline == nil, var st = jobs[name], st.runnable else { return }
        if !st.claims.isEmpty { sendDueClaims(name, now: now) }
        if let r = st.retry, r.at <= now, st.running.isEmpty {
            st.retry = nil; jobs[name] = st
            launch(name, run: r.run, attempt: r.attempt, scheduledAt: r.scheduledAt, now: now)
        }
        if let due = jobs[name]?.nextDue, due <= now { handleDue(name, now: now) }
        if let st = jobs[name], let q = st.queued, !st.busy {
            jobs[name]?.queued = nil
            launch(name, run: q.run, attempt: 1, scheduledAt: q.scheduledAt, now: now)
        }
    }

    /// The earliest instant something is due: a slot, a retry, a timeout, a kill, the shutdown deadline.
    /// A peek at the queue; `scanAll` finds it by looking at every job.
    func nextWake() -> Instant? {
        var wake = scanAll ? jobs.values.compactMap(jobWake).min() : wakes.first?.at
        if !shutdownStopped, let d = shutdownDeadline, wake.map({ d < $0 }) ?? true { wake = d }
        return wake
    }

    /// When the job next needs the engine: its due slot, retry or claim (unless shutting down or not
    /// runnable), its runs' timeouts and teardown steps.
    func jobWake(_ st: JobState) -> Instant? {
        var wake: Instant?
        func consider(_ t: Instant?) { if let t, wake == nil || t < wake! { wake = t } }
        if shutdownDeadline == nil, st.runnable {
            consider(st.nextDue)
            if st.running.isEmpty { consider(st.retry?.at) }
            for c in st.claims { consider(c.sendAt) }
        }
        for r in st.running { consider(r.stopReason == nil ? r.timeoutAt : r.teardown?.dueAt) }
        return wake
    }

    /// The jobs to look at now: those the queue says are due and those events touched, in config order.
    private mutating func dueJobs(_ now: Instant) -> [String] {
        var due = jobs.takeTouched()
        for name in wakes.popDue(upTo: now) { due.insert(name) }
        return due.sorted { (orderIndex[$0] ?? .max, $0) < (orderIndex[$1] ?? .max, $1) }
    }

    /// Puts the jobs' current instants in the queues.
    mutating func refresh<S: Sequence>(_ names: S) where S.Element == String {
        for name in names {
            let st = jobs[name]
            wakes.set(name, st.flatMap(jobWake))
            slots.set(name, st.flatMap { $0.runnable ? $0.nextDue : nil })
        }
    }

    mutating func reindex() {
        orderIndex = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
    }

    /// The job due next and when, for the status line (`STATUS=` to systemd).
    public func nextDue() -> (job: String, at: Instant)? {
        if !scanAll { return slots.first.map { ($0.key, $0.at) } }
        var best: (String, Instant)?
        for name in order { if let st = jobs[name], st.runnable, let d = st.nextDue, best == nil || d < best!.1 { best = (name, d) } }
        return best
    }

    /// Runs in progress (for status and tests).
    public var runningIDs: [RunID] { order.flatMap { jobs[$0]?.running.map(\.id) ?? [] } }
    /// When a job's next run is due, if it is scheduled.
    public func nextDue(of job: String) -> Instant? { jobs[job]?.nextDue }

    mutating func say(_ dyno: String, _ message: String, _ now: Instant, source: LogLine.Source = .scheduler) {
        outbox.append(.log(LogLine(time: now, source: source, dyno: dyno, message: message)))
    }

    func stamp(_ t: Instant) -> String { TimeFormat.rfc3339(t, zone: zone) }

    /// What `spread` hashes with the job (the spread delays the start, never the slot's identity).
    func spreadKey(_ job: Job) -> String { JobTimeline.spreadKey(job, clustered: cluster != nil, host: host) }
}
