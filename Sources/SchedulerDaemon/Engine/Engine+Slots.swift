import SchedulerCore

extension Engine {
    /// Computes the job's next slot strictly after `base` (and after the last handled slot) and its due time.
    mutating func planNext(_ name: String, after base: Instant) {
        guard var st = jobs[name] else { return }
        defer { jobs[name] = st }
        guard st.runnable, let schedule = st.schedule else { st.nextSlot = nil; st.nextDue = nil; return }
        let from = st.lastSlot.map { max($0, base) } ?? base
        st.nextSlot = schedule.next(after: from)
        st.nextDue = st.nextSlot.map {
            $0 + Delays.spread(st.job.spread, host: spreadKey(st.job), job: name) + Delays.jitter(st.job.jitter, using: &rng)
        }
    }

    /// A slot came due: collapse missed slots into one, apply the catch-up rule, then the overlap policy.
    mutating func handleDue(_ name: String, now: Instant) {
        guard let st = jobs[name], let slot = st.nextSlot, let due = st.nextDue, let schedule = st.schedule else { return }
        let spread = Delays.spread(st.job.spread, host: spreadKey(st.job), job: name)
        // Slots passed over while the daemon was down, suspended or the clock jumped: remember only the latest.
        let (latest, missed) = Engine.latestSlot(after: slot, upTo: now - spread, schedule)
        let lateness = missed == 0 ? now - due : now - (latest + spread)
        jobs[name]?.lastSlot = latest
        planNext(name, after: latest)
        let count = missed >= Engine.missedCountLimit ? "more than \(Engine.missedCountLimit)" : "\(missed + 1)"
        if lateness <= Engine.lateTolerance {
            if missed > 0 { say(name, "Missed \(missed >= Engine.missedCountLimit ? count : "\(missed)") run(s) since \(stamp(slot)) (clock change or suspend); running the latest only", now) }
            startScheduled(name, scheduledAt: latest, now: now); return
        }
        let what = missed == 0 ? "Missed the run due at \(stamp(slot))" : "Missed \(count) runs since \(stamp(slot))"
        if st.job.catchUp {
            say(name, what + "; catching up with one run (catch_up = true)", now)
            startScheduled(name, scheduledAt: latest, now: now, kind: .catchUp)
        } else {
            say(name, what + "; not running it (catch_up = false)", now)
        }
    }

    /// Missed slots are counted one by one up to this; past it only the latest is searched for.
    static let missedCountLimit = 100_000

    /// The last slot after `slot` and at or before `limit` (`slot` itself if none), and how many slots that
    /// passed over (at most `missedCountLimit`). A per-second job down for days has millions: past the
    /// limit, the latest is found by looking back from `limit` in doubling steps.
    static func latestSlot(after slot: Instant, upTo limit: Instant, _ schedule: any Schedule) -> (Instant, Int) {
        var latest = slot, missed = 0
        while missed < missedCountLimit, let n = schedule.next(after: latest), n <= limit { latest = n; missed += 1 }
        guard missed == missedCountLimit else { return (latest, missed) }
        var back = Duration.seconds(1)
        while limit - back > latest {
            if let n = schedule.next(after: limit - back), n <= limit {
                latest = n
                while let m = schedule.next(after: latest), m <= limit { latest = m }
                break
            }
            back = back + back
        }
        return (latest, missed)
    }

    /// A run is due now: start it, or apply the overlap policy if the job is busy.
    @discardableResult
    mutating func startScheduled(_ name: String, scheduledAt: Instant, now: Instant, kind: SlotKind = .scheduled) -> TriggerResult {
        guard let st = jobs[name] else { return .refused(.unknownJob) }
        guard st.busy else { return Engine.started(launch(name, run: nil, attempt: 1, scheduledAt: scheduledAt, now: now, kind: kind)) }
        switch st.job.overlap {
        case .skip:
            return skip(name, scheduledAt: scheduledAt, now: now)
        case .queue:
            guard st.queued == nil else { return skip(name, scheduledAt: scheduledAt, now: now) }
            let n = takeRunNumber(name); jobs[name]?.queued = (n, scheduledAt)
            say(name, "Queued: previous run still up since \(stamp(busySince(st) ?? now)); starts when it ends", now)
            return .queued(run: n)
        case .replace:
            if st.retry != nil { jobs[name]?.retry = nil; say(name, "Dropping the pending retry: a new run replaces it", now) }
            if st.running.isEmpty { return .started(launch(name, run: nil, attempt: 1, scheduledAt: scheduledAt, now: now)) }
            let n = takeRunNumber(name); jobs[name]?.queued = (n, scheduledAt)
            for r in st.running where r.stopReason == nil { stop(name, r.id, reason: .replaced, now: now) }
            return .queued(run: n)
        case .allow:
            return Engine.started(launch(name, run: nil, attempt: 1, scheduledAt: scheduledAt, now: now, kind: kind))
        }
    }

    mutating func takeRunNumber(_ name: String) -> Int {
        jobs[name]!.lastRun += 1
        return jobs[name]!.lastRun
    }

    func busySince(_ st: JobState) -> Instant? { st.running.map(\.launchedAt).min() }

    /// Adds a skipped slot to the job's stretch (no run number: SkipStretch) and logs it, rate-limited.
    @discardableResult
    mutating func skip(_ name: String, scheduledAt: Instant, now: Instant, reason: String? = nil) -> TriggerResult {
        addSkip(name, scheduledAt: scheduledAt, now: now)
        guard var st = jobs[name] else { return .refused(.unknownJob) }
        if let last = st.skipLoggedAt, now - last < Engine.skipLogInterval {
            st.skipsSuppressed += 1
        } else {
            let why = reason ?? (busySince(st).map { "previous run still up since \(stamp($0))" } ?? "a retry is pending")
            let held = st.skipsSuppressed > 0 ? " (\(st.skipsSuppressed) more skipped since the last message)" : ""
            say(name, "Skipping: \(why)\(held)", now)
            st.skipLoggedAt = now; st.skipsSuppressed = 0
        }
        jobs[name] = st
        return .skipped(busySince: busySince(st))
    }

    /// Emits `.launch` for an attempt; `run == nil` takes the next run number.
    /// A cluster job's start is claimed first (`claimInstead`, which returns run 0); `claimed` is set once
    /// the claim was won.
    @discardableResult
    mutating func launch(_ name: String, run: Int?, attempt: Int, scheduledAt: Instant, now: Instant,
                         kind: SlotKind = .scheduled, claimed: Bool = false) -> RunID {
        if !claimed, claimInstead(name, run: run, attempt: attempt, scheduledAt: scheduledAt, kind: kind, now: now) {
            return RunID(job: name, run: 0, attempt: attempt)
        }
        guard var st = jobs[name] else { return RunID(job: name, run: run ?? 0, attempt: attempt) }
        let number: Int
        if let run { number = run } else { st.lastRun += 1; number = st.lastRun }
        let id = RunID(job: name, run: number, attempt: attempt)
        st.running.append(ActiveRun(id: id, scheduledAt: scheduledAt, launchedAt: now, timeoutAt: st.job.timeout.map { now + $0 }))
        jobs[name] = st
        let total = st.job.retry.attempts + 1
        let tries = attempt > 1 ? " (attempt \(attempt) of \(total))" : ""
        say(id.dyno, "Starting process with command `\(Engine.commandText(st.job.command))`\(tries)", now)
        say(id.dyno, "State changed from created to starting", now)
        outbox.append(.launch(LaunchRequest(job: st.job, id: id, scheduledAt: scheduledAt, takeLock: st.job.overlap != .allow)))
        return id
    }

    static func commandText(_ c: JobCommand) -> String {
        switch c {
        case .shell(let line, _): return line
        case .exec(let argv): return argv.joined(separator: " ")
        }
    }
}
