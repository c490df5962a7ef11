import SchedulerCore

/// Why a slot attempt is claimed: shown in the slot table's `kind` column.
public enum SlotKind: String, Sendable, Equatable {
    case scheduled, catchUp = "catch-up", retry, manual
}

/// One attempt of one slot of a cluster job that this node wants to run: (cluster, job, slot, attempt) is
/// claimed in the database before it starts, and only the node whose claim wins runs it.
public struct SlotClaim: Sendable, Hashable {
    public var job: String
    /// The slot's instant (microsecond precision: the database keeps no more).
    public var scheduledAt: Instant
    public var attempt: Int
    public var kind: SlotKind
    /// The node's run number for it (`greeting.12`).
    public var run: Int
    /// `overlap = "skip"/"queue"`: a run of the job up on any live node keeps attempt 1 from being claimed.
    public var overlapHeld: Bool
    /// A foreground `scheduler run`: its row carries its own heartbeat (no daemon vouches for it).
    public var foreground: Bool
    public init(job: String, scheduledAt: Instant, attempt: Int, kind: SlotKind, run: Int, overlapHeld: Bool, foreground: Bool = false) {
        self.job = job; self.scheduledAt = Instant(nanoseconds: scheduledAt.nanoseconds / 1000 * 1000)
        self.attempt = attempt; self.kind = kind; self.run = run; self.overlapHeld = overlapHeld; self.foreground = foreground
    }
}

/// What became of a claim.
public enum ClaimOutcome: Sendable, Equatable {
    /// This node runs it.
    case won
    /// Another node claimed the same slot attempt first ("" when not known).
    case lost(node: String)
    /// Not claimed: a run of the job is still up on that node (cluster-wide overlap).
    case busy(node: String)
    /// The database could not be asked; `when_unreachable` decides.
    case unreachable(String)
}
