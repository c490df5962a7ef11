import SchedulerCore

/// This node's heartbeat row.
public struct NodeBeat: Sendable, Equatable {
    public var cluster: String
    public var node: String
    public var host: String
    public var pid: Int32
    public var zone: String
    /// Hash of the job definitions: nodes that disagree (a rolling deploy) show in `cluster status`.
    public var configHash: String
    public var lease: Duration
    public init(cluster: String, node: String, host: String, pid: Int32, zone: String, configHash: String, lease: Duration) {
        self.cluster = cluster; self.node = node; self.host = host; self.pid = pid; self.zone = zone
        self.configHash = configHash; self.lease = lease
    }
}

/// A won slot attempt whose process started.
public struct SlotStart: Sendable, Equatable {
    public var job: String
    public var scheduledAt: Instant
    public var attempt: Int
    public var run: Int
    public var pid: Int32
}

/// A claimed slot attempt that ended (or was skipped after winning).
public struct SlotEnd: Sendable, Equatable {
    public var job: String
    public var scheduledAt: Instant
    public var attempt: Int
    public var status: RunStatus
    public var exitCode: Int32?
}

/// A run of a node that stopped heartbeating, now recorded `unknown` by this node.
public struct LostRun: Sendable, Equatable {
    public var job: String
    public var scheduledAt: Instant
    public var attempt: Int
    public var node: String
    /// A daemon's run (its job's retries apply); false for a foreground `scheduler run`.
    public var retriable = true
}

/// Who else heartbeats under a node name within the lease.
public struct NodeOwner: Sendable, Equatable {
    public var host: String
    public var pid: Int32
}

/// The slot table as the cluster layer sees it. `PostgresClusterStore` is the real one; tests use an
/// in-memory one with the same rules. Calls block: the daemon makes them on its cluster thread only.
public protocol ClusterStore: AnyObject {
    /// Creates or migrates the tables (refusing a newer schema); returns the server's version.
    func prepare() throws -> String
    /// Who heartbeats under `node` within `lease`, if anyone.
    func owner(of node: String, cluster: String, lease: Duration) throws -> NodeOwner?
    /// Writes the heartbeat (which proves this node's unfinished runs are up); returns the live nodes.
    func heartbeat(_ beat: NodeBeat) throws -> [String]
    /// Claims the attempts in one round trip; one outcome per claim, in order.
    func claim(_ claims: [SlotClaim], node: String, cluster: String, lease: Duration) throws -> [ClaimOutcome]
    func started(_ starts: [SlotStart], node: String, cluster: String) throws
    func finished(_ ends: [SlotEnd], node: String, cluster: String) throws
    /// Closes this node's claimed-but-never-started rows as skipped (after a reconnection, once its
    /// known starts and ends are written).
    func closeStale(node: String, cluster: String) throws
    /// Records the unfinished runs of nodes silent past `lease` as `unknown`; each is returned to one caller.
    func reapDead(cluster: String, lease: Duration) throws -> [LostRun]
    /// Marks this node stopped (a clean shutdown): not alive from now on, so the others take its slots at once.
    func leave(_ beat: NodeBeat) throws
    /// Deletes up to `limit` finished rows older than `keep`; returns how many.
    func deleteOld(cluster: String, keep: Duration, limit: Int) throws -> Int
    /// Drops the connection (the next call reconnects).
    func disconnect()
    /// Takes new connection settings (a reload); the next call connects with them.
    func reconfigure(_ settings: ClusterSettings) throws
    /// The live nodes as the last `claim` saw them (nil: this store doesn't tell).
    var nodesAtLastClaim: [String]? { get }
}

extension ClusterStore {
    public var nodesAtLastClaim: [String]? { nil }
    public func reconfigure(_ settings: ClusterSettings) throws { disconnect() }
}
