import SchedulerCore

/// Skipped slots of one job in a row, kept as one journal record (a job skipped every second while an
/// hour-long run is up writes one line, not 3,600).
struct SkipStretch: Sendable, Equatable {
    var count: Int
    /// First and last skipped slot.
    var first: Instant
    var last: Instant
    /// When the first and last were skipped.
    var firstAt: Instant
    var lastAt: Instant
}

extension Engine {
    /// Adds a skipped slot to the job's stretch (started if there is none).
    mutating func addSkip(_ name: String, scheduledAt: Instant, now: Instant) {
        guard var st = jobs[name] else { return }
        if var s = st.skips {
            s.count += 1; s.last = max(s.last, scheduledAt); s.lastAt = now
            st.skips = s
        } else {
            st.skips = SkipStretch(count: 1, first: scheduledAt, last: scheduledAt, firstAt: now, lastAt: now)
        }
        jobs[name] = st
    }

    /// The stretch ended (a run started, the job went idle, was removed, or the daemon stops): one record.
    mutating func endSkips(_ name: String) {
        guard let s = jobs[name]?.skips else { return }
        jobs[name]?.skips = nil
        outbox.append(.record(.skipStretch(job: name, count: s.count, first: s.first, last: s.last, firstAt: s.firstAt, lastAt: s.lastAt)))
    }

    /// Skipped slots not yet written, for tests and status.
    func pendingSkips(_ name: String) -> Int { jobs[name]?.skips?.count ?? 0 }
}
