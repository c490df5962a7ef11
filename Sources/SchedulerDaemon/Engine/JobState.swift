import SchedulerCore

/// Why the engine is stopping a run (decides its recorded status).
enum StopReason: Sendable, Equatable {
    case timeout, replaced, shutdown
}

/// One attempt the runtime was asked to start and that has not been recorded yet.
struct ActiveRun: Sendable {
    var id: RunID
    var scheduledAt: Instant
    var launchedAt: Instant
    var pid: Int32?
    /// When the job's `timeout` expires (elapsed time: shifted on clock jumps).
    var timeoutAt: Instant?
    /// The signals still to send once the engine stopped it (elapsed time: shifted on clock jumps).
    var teardown: Teardown.Progress?
    var stopReason: StopReason?
}

/// A claim not answered yet; `sendAt` is set while it waits for the preferred node's grace.
struct PendingClaim: Sendable {
    var claim: SlotClaim
    var sendAt: Instant?
}

/// A start that waits for a time: the next retry attempt of a run.
struct PendingRetry: Sendable {
    var run: Int
    var attempt: Int
    var scheduledAt: Instant
    var at: Instant
}

/// The engine's memory of one job.
struct JobState: Sendable {
    var job: Job
    var schedule: (any Schedule)?
    /// Removed from the config; kept only until its running process ends.
    var removed = false
    /// Next schedule slot (wall clock) and when it is due (slot + spread + jitter).
    var nextSlot: Instant?
    var nextDue: Instant?
    /// The last slot that was handled; a slot is never handled twice.
    var lastSlot: Instant?
    var running: [ActiveRun] = []
    var retry: PendingRetry?
    /// The one run waiting for the current one to end (overlap queue/replace): its number and slot.
    var queued: (run: Int, scheduledAt: Instant)?
    /// Highest run number used so far.
    var lastRun: Int
    /// Skip messages are rate-limited: when the last one was logged and how many were held back since.
    var skipLoggedAt: Instant?
    var skipsSuppressed = 0
    /// Slots skipped since the last run started, written as one record when the stretch ends.
    var skips: SkipStretch?
    /// Cluster jobs: slot attempts asked of the database (or waiting for `claim_grace`), not answered yet.
    var claims: [PendingClaim] = []
    /// "Claimed by web2" is logged at most once a minute per job: when, and how many slots were held back.
    var claimedLoggedAt: Instant?
    var claimsLostSilently = 0

    init(job: Job, schedule: (any Schedule)?, lastRun: Int) {
        self.job = job; self.schedule = schedule; self.lastRun = lastRun
    }

    /// Running, or waiting to retry: a new scheduled run would overlap.
    /// Pending claims don't count: for cluster jobs the claim statement itself checks overlap across nodes.
    var busy: Bool { !running.isEmpty || retry != nil }
    var runnable: Bool { job.enabled && !removed && schedule != nil }
}

/// The engine's jobs by name: states in one array, an index by name. A `[String: JobState]` keeps a
/// whole 584-byte state in each of its buckets (16,384 buckets for 10,000 jobs: 9.6 MB resident); here
/// the buckets hold an Int.
///
/// Every write goes through the subscript, which notes the job as touched: the engine looks again at the
/// jobs events touched, besides those its DueQueue says are due, and at no other.
struct JobTable: Sendable {
    private(set) var values: [JobState] = []
    private var index: [String: Int] = [:]
    /// Jobs written since `takeTouched`.
    private(set) var touched: Set<String> = []
    /// A job was removed since `takeRemoved` (the engine's order list needs cleaning).
    private(set) var removedAny = false

    var count: Int { values.count }

    mutating func takeTouched() -> Set<String> { defer { touched = [] }; return touched }
    mutating func takeRemoved() -> Bool { defer { removedAny = false }; return removedAny }

    subscript(name: String) -> JobState? {
        get { index[name].map { values[$0] } }
        set {
            touched.insert(name)
            if let i = index[name] {
                if let newValue { values[i] = newValue } else { remove(at: i, name: name) }
            } else if let newValue {
                index[name] = values.count
                values.append(newValue)
            }
        }
    }

    /// Swap-remove: the last state takes the freed slot.
    private mutating func remove(at i: Int, name: String) {
        let last = values.count - 1
        if i != last { values.swapAt(i, last); index[values[i].job.name] = i }
        values.removeLast()
        index[name] = nil
        removedAny = true
    }
}
