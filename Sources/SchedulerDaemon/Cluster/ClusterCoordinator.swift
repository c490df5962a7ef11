import SchedulerCore

/// The daemon-side half of the cluster: gathers claims, run starts and ends into batches for the
/// cluster thread, heartbeats every lease/3, and turns results into engine events and log lines. Pure:
/// the runtime passes the time and carries batches and results.
public final class ClusterCoordinator {
    public private(set) var settings: ClusterSettings
    public let node: String
    var beat: NodeBeat
    private(set) var inFlight = false
    /// nil until the first answer; then whether the last batch got through.
    public private(set) var up: Bool?
    private var downSince: Instant?
    private var retryAt: Instant?
    private var backoff: Duration = .seconds(1)
    private var prepared = false
    private var nextHeartbeat: Instant
    private var nextRetention: Instant
    private var claims: [SlotClaim] = []
    private var starts: [SlotStart] = []
    private var ends: [SlotEnd] = []
    public private(set) var claimsWon = 0
    public private(set) var claimsLost = 0
    public private(set) var serverVersion: String?
    /// Set at a clean shutdown: the next batch marks our node stopped (after its ends) and beats no more.
    var leaving = false

    static let maxBackoff: Duration = .seconds(30)
    /// Run ends kept while the database is away (each is one row to close when it is back).
    static let maxQueued = 10_000
    static let retentionInterval: Duration = .seconds(600)
    /// After a full retention batch, the next one follows this soon: the backlog drains, the table stays bounded.
    static let retentionBacklogInterval: Duration = .seconds(1)

    /// Finished rows older than this are deleted (`keep`, else `[daemon] history_keep`).
    var keep: Duration
    /// Changed settings for the cluster thread (a reload): it reconnects with them.
    private var reconfigure: ClusterSettings?

    public init(settings: ClusterSettings, node: String, beat: NodeBeat, keep: Duration, now: Instant) {
        self.settings = settings; self.node = node; self.beat = beat; self.keep = settings.keep ?? keep
        // Retention runs from the first idle batch on (a node that restarts often still deletes).
        nextHeartbeat = now; nextRetention = now
    }

    /// What a result means for the daemon.
    public struct Digest {
        public var outcomes: [(SlotClaim, ClaimOutcome)] = []
        public var lost: [LostRun] = []
        public var nodes: [String]?
        public var logs: [String] = []
        /// Another live process holds our node name: the daemon must not run cluster jobs under it.
        public var fatal: String?
    }

    /// A reload changed `[cluster]` (not its node or name: those need a restart): the next batch reconnects
    /// with the new connection settings, checks the tables again and heartbeats with the new lease; a
    /// reconnection that was waiting for its backoff is tried at once.
    public func reload(_ new: ClusterSettings, historyKeep: Duration, now: Instant) {
        keep = new.keep ?? historyKeep
        guard new != settings else { return }
        settings = new; beat.lease = new.lease
        reconfigure = new; prepared = false
        nextHeartbeat = now
        if up == false { retryAt = now; backoff = .seconds(1) }
    }

    /// Queues claims; while the database is known to be away they are answered at once (unreachable).
    public func claim(_ new: [SlotClaim], now: Instant) -> [(SlotClaim, ClaimOutcome)] {
        guard up == false, retryAt.map({ $0 > now }) ?? true else { claims += new; return [] }
        return new.map { ($0, .unreachable("the cluster database can't be reached")) }
    }

    public func started(_ s: SlotStart) { if starts.count < Self.maxQueued { starts.append(s) } }
    public func ended(_ e: SlotEnd) { if ends.count < Self.maxQueued { ends.append(e) } }

    /// When the runtime must wake for the next heartbeat or reconnection attempt.
    public var wake: Instant? { inFlight ? nil : (up == false ? retryAt : min(nextHeartbeat, nextRetention)) }

    /// The batch to send now, if any (one at a time: what piles up meanwhile goes in the next).
    public func nextBatch(now: Instant) -> ClusterBatch? {
        guard !inFlight else { return nil }
        if up == false, let r = retryAt, r > now { return nil }
        var b = ClusterBatch()
        b.prepare = !prepared
        b.reconfigure = reconfigure; reconfigure = nil
        if leaving {
            b.leave = beat
        } else if now >= nextHeartbeat || b.prepare {
            b.heartbeat = beat
            b.reap = true
            nextHeartbeat = now + .nanoseconds(settings.lease.nanoseconds / 3)
        }
        b.ends = ends; b.starts = starts; b.claims = claims
        ends = []; starts = []; claims = []
        if b.claims.isEmpty, now >= nextRetention {
            b.retention = keep
            nextRetention = now + Self.retentionInterval
        }
        guard !b.isEmpty else { return nil }
        inFlight = true
        return b
    }

    /// Takes a result in.
    public func digest(_ r: ClusterBatchResult, now: Instant) -> Digest {
        inFlight = false
        var d = Digest()
        if let owner = r.nameTaken {
            d.fatal = "node name '\(node)' is in use by pid \(owner.pid) on \(owner.host), which heartbeats in cluster '\(settings.name)'; "
                + "give each daemon its own [cluster] node"
            // Its claims are answered (not run): the engine, shutting down, must not wait for them.
            d.outcomes = (r.batch.claims + claims).map { ($0, .unreachable(d.fatal!)) }
            claims = []
            return d
        }
        if let error = r.error { return failed(r, error, now: now, into: d) }
        if r.batch.prepare {
            prepared = true
            serverVersion = r.serverVersion
        }
        if up != true {
            if let since = downSince {
                d.logs.append("Cluster database reachable again (unreachable for \(DurationSyntax.format(.seconds((now - since).nanoseconds / 1_000_000_000))))")
            } else {
                d.logs.append("Cluster '\(settings.name)': connected as node '\(node)' (PostgreSQL \(serverVersion ?? "?"))")
            }
            up = true; downSince = nil; retryAt = nil; backoff = .seconds(1)
        }
        d.nodes = r.nodes
        d.outcomes = answered(r)
        d.lost = r.lost
        if r.batch.retention != nil, r.deleted >= ClusterBatch.retentionLimit { nextRetention = now + Self.retentionBacklogInterval }
        return d
    }

    /// The batch's claims with the server's answers (none when it gave none), counted for the metrics.
    private func answered(_ r: ClusterBatchResult) -> [(SlotClaim, ClaimOutcome)] {
        guard let outcomes = r.outcomes else { return [] }
        for o in outcomes { if o == .won { claimsWon += 1 } else if case .lost = o { claimsLost += 1 } }
        return Array(zip(r.batch.claims, outcomes))
    }

    private func failed(_ r: ClusterBatchResult, _ error: String, now: Instant, into d: Digest) -> Digest {
        var d = d
        prepared = false
        if up != false {
            downSince = now
            let what = settings.whenUnreachable == .skip ? "cluster jobs are not started until it is back (when_unreachable = \"skip\")"
                : "cluster jobs run on this node meanwhile (when_unreachable = \"run\"): a slot may run on several nodes"
            d.logs.append("Cluster database unreachable: \(error); \(what)")
        } else {
            backoff = min(backoff + backoff, Self.maxBackoff)
        }
        up = false
        retryAt = now + backoff
        // Nothing of the batch is lost but its claims (their slots are due now, they can't wait).
        if !r.endsDone { ends = r.batch.ends + ends }
        if !r.startsDone { starts = r.batch.starts + starts }
        // Claims answered before the error stand (a slot won is ours to run); the others can't wait.
        d.outcomes = r.outcomes == nil ? r.batch.claims.map { ($0, .unreachable(error)) } : answered(r)
        d.outcomes += claims.map { ($0, .unreachable(error)) }
        claims = []
        return d
    }
}
