import SchedulerCore

/// A start the engine waits for: the next attempt of a run (at a time), or a run queued behind the one up.
public struct PendingStart: Sendable, Equatable {
    public enum Kind: String, Sendable { case retrying, queued }
    public var kind: Kind
    public var job: String
    public var run: Int
    public var attempt: Int
    /// 1 + the job's retry attempts.
    public var attempts: Int
    /// When a retry starts (nil for a queued run: when the run up ends).
    public var at: Instant?
    public init(kind: Kind, job: String, run: Int, attempt: Int, attempts: Int, at: Instant?) {
        self.kind = kind; self.job = job; self.run = run; self.attempt = attempt; self.attempts = attempts; self.at = at
    }
    public var dyno: String { "\(job).\(run)" }
}

/// A job as the daemon runs it (what `list` shows when the file on disk has errors).
public struct PlannedJob: Sendable, Equatable {
    public var name: String
    public var schedule: String
    public var timezone: String?
    public var enabled: Bool
    public var nextDue: Instant?
    public init(name: String, schedule: String, timezone: String?, enabled: Bool, nextDue: Instant?) {
        self.name = name; self.schedule = schedule; self.timezone = timezone; self.enabled = enabled; self.nextDue = nextDue
    }
}

extension Engine {
    /// Retries waiting for their time and queued runs, in config order (for `ps` and `list`).
    public func pendingStarts() -> [PendingStart] {
        var out: [PendingStart] = []
        for name in order {
            guard let st = jobs[name] else { continue }
            let attempts = st.job.retry.attempts + 1
            if let r = st.retry {
                out.append(PendingStart(kind: .retrying, job: name, run: r.run, attempt: r.attempt, attempts: attempts, at: r.at))
            }
            if let q = st.queued {
                out.append(PendingStart(kind: .queued, job: name, run: q.run, attempt: 1, attempts: attempts, at: nil))
            }
        }
        return out
    }

    /// The jobs of the running config, in its order, with when each is next due.
    public func plannedJobs() -> [PlannedJob] {
        order.compactMap { name in
            guard let st = jobs[name], !st.removed else { return nil }
            return PlannedJob(name: name, schedule: st.job.schedule.words, timezone: st.job.timezone, enabled: st.job.enabled,
                              nextDue: st.nextDue)
        }
    }
}
