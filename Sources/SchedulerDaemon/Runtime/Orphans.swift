import SchedulerCore
import StateFormats
import SystemCalls

/// Runs started by a daemon that died without waiting for them (kill -9, the OOM killer). Their process
/// still holds the job's lock, so no second copy starts; the new daemon can't reap them (they are not its
/// children) but records each once its lock is free, with status `unknown`, so the history has every run
/// and run numbers are never used twice.
struct Orphans {
    struct Entry {
        var state: RunState
        var lockPath: String
        var id: RunID { RunID(job: state.job, run: state.run, attempt: state.attempt) }
    }
    private(set) var entries: [Entry] = []
    /// While orphans run, the loop checks their locks this often.
    static let checkInterval: Int64 = 1_000_000_000

    var isEmpty: Bool { entries.isEmpty }
    /// When the loop checks their locks next (realtime ns); nil with no orphans.
    var nextCheck: Int64? { entries.isEmpty ? nil : checkAt }
    private var checkAt: Int64 = 0

    /// Whether a check is due now; if so, the next one is planned.
    mutating func checkDue(now: Int64) -> Bool {
        guard !entries.isEmpty, now >= checkAt else { return false }
        checkAt = now + Orphans.checkInterval
        return true
    }

    /// Lock files written by a daemon for attempts the history lacks (`unrecorded`), of `candidates`.
    init(_ candidates: [Entry], unrecorded: (RunState) -> Bool) {
        entries = candidates.filter { unrecorded($0.state) }
        entries.sort { ($0.state.startedAt, $0.state.job, $0.state.run) < ($1.state.startedAt, $1.state.job, $1.state.run) }
    }

    /// Lock files written by a daemon that may be orphans. A lock nobody holds counts only if it was written
    /// after the previous daemon started (`since`, seconds): older ones were that daemon's to record, or a
    /// deleted journal's. Only those files are read (start-up with 10,000 jobs would otherwise read 10,000 lock files).
    static func candidates(paths: StatePaths, since: Int64?) -> [Entry] {
        let probe = LockProbe()
        let sinceNanos = since.map { $0 * 1_000_000_000 } ?? .max
        return RunState.lockFiles(paths: paths) { path, st in st.modificationTime >= sinceNanos || probe.isHeld(path, status: st) }
            .filter { $0.state.startedBy == "daemon" && $0.state.run > 0 }
            .map { Entry(state: $0.state, lockPath: $0.path) }
    }

    /// Run numbers and slots the orphans took, so the engine continues after them (and catch-up doesn't redo them).
    func extend(_ history: inout [String: JobHistory]) {
        for e in entries {
            var h = history[e.state.job] ?? JobHistory()
            h.lastRun = max(h.lastRun, e.state.run)
            if let ns = e.state.scheduledNanos, h.lastScheduledAt.map({ ns > $0.nanoseconds }) ?? true {
                h.lastScheduledAt = Instant(nanoseconds: ns)
            }
            history[e.state.job] = h
        }
    }

    /// Removes and returns the orphans whose lock is free now (their whole process tree has ended).
    mutating func ended() -> [RunState] {
        guard !entries.isEmpty else { return [] }
        let probe = LockProbe()
        var done: [RunState] = []
        entries.removeAll { e in
            if probe.isHeld(e.lockPath) { return false }
            done.append(e.state)
            return true
        }
        return done
    }

    /// Removes and returns the orphans of `lockPath`: we just took that lock, so they have ended.
    mutating func take(lockPath: String) -> [RunState] {
        var done: [RunState] = []
        entries.removeAll { e in
            guard e.lockPath == lockPath else { return false }
            done.append(e.state)
            return true
        }
        return done
    }

    /// The journal record of an orphan that ended (noticed) at `now`.
    static func record(_ s: RunState, endedAt now: Instant) -> JournalRecord {
        let started = Instant(nanoseconds: s.startedNanos ?? s.startedAt * 1_000_000_000)
        return JournalRecord(job: s.job, run: s.run, attempt: s.attempt,
                             scheduledAt: s.scheduledNanos.map(Instant.init(nanoseconds:)) ?? started,
                             startedAt: started, endedAt: max(now, started), status: .unknown, pid: s.pid)
    }
}

extension DaemonRuntime {
    /// Logs the orphans found at start; those already ended are recorded by the first `checkOrphans`.
    func announceOrphans(now: Instant) {
        for e in orphans.entries {
            let s = e.state
            pendingLogs.append(LogLine(time: now, dyno: s.dyno, message: "Started by a previous daemon (pid \(s.pid)) that ended without waiting for it; no new copy starts until it ends, and its exit status will be unknown"))
        }
    }

    /// Records the orphans whose locks are free (checked at most every `Orphans.checkInterval`).
    func checkOrphans(now: Instant) {
        guard orphans.checkDue(now: now.nanoseconds) else { return }
        for s in orphans.ended() { recordOrphan(s, now: now) }
    }

    /// A job's lock was just taken by a new run: its orphans ended since the last check.
    func orphansEnded(lockPath: String, now: Instant) {
        guard !orphans.isEmpty else { return }
        for s in orphans.take(lockPath: lockPath) { recordOrphan(s, now: now) }
    }

    private func recordOrphan(_ s: RunState, now: Instant) {
        let r = Orphans.record(s, endedAt: now)
        pendingLogs.append(LogLine(time: now, dyno: s.dyno, message: "Process ended; exit status unknown (started by a previous daemon)"))
        pendingRecords.append((r, false))
        // Its slot row ends too: this node heartbeated for it since the restart, and an open row would hold
        // the job busy across the cluster for good.
        clusterRecorded(r)
    }
}
