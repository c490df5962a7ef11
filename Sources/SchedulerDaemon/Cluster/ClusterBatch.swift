import SchedulerCore
import SystemCalls

/// What the daemon asks of the cluster database in one go: everything that piled up since the previous
/// batch (the claims of one instant, the starts and ends of runs, a heartbeat when due).
public struct ClusterBatch: Sendable {
    /// First batch on a connection: create or check the tables and who holds our node name.
    public var prepare = false
    /// A reload changed `[cluster]`: reconnect with these settings first.
    public var reconfigure: ClusterSettings?
    public var heartbeat: NodeBeat?
    public var ends: [SlotEnd] = []
    public var starts: [SlotStart] = []
    public var claims: [SlotClaim] = []
    public var reap = false
    public var retention: Duration?
    /// Last batch of a clean shutdown: after the ends, our node row is marked stopped.
    public var leave: NodeBeat?
    public init() {}
    public var isEmpty: Bool {
        !prepare && reconfigure == nil && heartbeat == nil && ends.isEmpty && starts.isEmpty && claims.isEmpty && !reap && retention == nil && leave == nil
    }
}

/// What became of a batch. After an error the steps not done are nil/false (the coordinator keeps what
/// must not be lost, like run ends, for the next batch).
public struct ClusterBatchResult: Sendable {
    public var batch: ClusterBatch
    public var error: String?
    public var serverVersion: String?
    /// A live process elsewhere heartbeats under our node name.
    public var nameTaken: NodeOwner?
    public var nodes: [String]?
    public var endsDone = false
    public var startsDone = false
    public var outcomes: [ClaimOutcome]?
    public var lost: [LostRun] = []
    public var deleted = 0
}

extension ClusterBatch {
    /// Old rows deleted per batch: small, so the delete never holds the table long.
    static let retentionLimit = 500

    /// Runs the batch on the cluster thread, step by step, stopping at the first error (and dropping the
    /// connection, so the next batch reconnects).
    func execute(on store: any ClusterStore, settings: ClusterSettings, node: String, isOurs: (NodeOwner) -> Bool)
        -> ClusterBatchResult {
        var r = ClusterBatchResult(batch: self)
        let cluster = settings.name
        do {
            if let reconfigure { try store.reconfigure(reconfigure) }
            if prepare {
                r.serverVersion = try store.prepare()
                if let owner = try store.owner(of: node, cluster: cluster, lease: settings.lease), !isOurs(owner) {
                    r.nameTaken = owner
                    return r
                }
                if let heartbeat { r.nodes = try store.heartbeat(heartbeat) }
                try record(starts, ends, on: store, node: node, cluster: cluster)
                // Every claim this daemon won has its start or end above: any other open claim is stale.
                try store.closeStale(node: node, cluster: cluster)
                if !claims.isEmpty { try claim(on: store, node: node, cluster: cluster, lease: settings.lease, into: &r) }
            } else {
                // Claims before the bookkeeping, for their jobs wait on the answer; but the starts and ends
                // of the jobs being claimed go first, so the claims' overlap check sees those runs ended.
                let claimed = Set(claims.map(\.job))
                try record(starts.filter { claimed.contains($0.job) }, ends.filter { claimed.contains($0.job) },
                           on: store, node: node, cluster: cluster)
                if !claims.isEmpty { try claim(on: store, node: node, cluster: cluster, lease: settings.lease, into: &r) }
                if let heartbeat { r.nodes = try store.heartbeat(heartbeat) }
                try record(starts.filter { !claimed.contains($0.job) }, ends.filter { !claimed.contains($0.job) },
                           on: store, node: node, cluster: cluster)
            }
            r.startsDone = true; r.endsDone = true
            if reap { r.lost = try store.reapDead(cluster: cluster, lease: settings.lease) }
            if let keep = retention { r.deleted = try store.deleteOld(cluster: cluster, keep: keep, limit: Self.retentionLimit) }
            if let leave { try store.leave(leave) }
        } catch {
            store.disconnect()
            r.error = "\(error)"
        }
        return r
    }

    /// The claims; their answer also tells who is alive now.
    private func claim(on store: any ClusterStore, node: String, cluster: String, lease: Duration, into r: inout ClusterBatchResult) throws {
        r.outcomes = try store.claim(claims, node: node, cluster: cluster, lease: lease)
        if let nodes = store.nodesAtLastClaim { r.nodes = nodes }
    }

    /// Starts before ends: a run that started and ended since the last batch ends up ended. Both
    /// statements are idempotent, so a batch retried after an error may repeat them.
    private func record(_ starts: [SlotStart], _ ends: [SlotEnd], on store: any ClusterStore, node: String, cluster: String) throws {
        if !starts.isEmpty { try store.started(starts, node: node, cluster: cluster) }
        if !ends.isEmpty { try store.finished(ends, node: node, cluster: cluster) }
    }
}

/// The cluster database's own thread: takes batches, runs them on the store, posts the results to a
/// mailbox the daemon's poll loop watches. The daemon never waits on the network.
public final class ClusterLink: @unchecked Sendable {
    let requests: Mailbox<ClusterBatch?>
    public let results: Mailbox<ClusterBatchResult>

    /// Starts the thread; `isOurs` tells our predecessor's heartbeat (a restarted daemon) from another node's.
    public init(store: any ClusterStore, settings: ClusterSettings, node: String,
                isOurs: @escaping @Sendable (NodeOwner) -> Bool) throws {
        requests = try Mailbox(pollable: false)
        results = try Mailbox(pollable: true)
        let requests = requests, results = results
        let box = StoreBox(store)
        Threads.detach {
            var settings = settings
            while let batch = requests.take() {
                if let new = batch.reconfigure { settings = new }
                results.post(batch.execute(on: box.store, settings: settings, node: node, isOurs: isOurs))
            }
            box.store.disconnect()
        }
    }

    public func send(_ batch: ClusterBatch) { requests.post(batch) }
    /// Ends the thread after the batches already sent.
    public func stop() { requests.post(nil) }
}

/// The store moves to the cluster thread and is used only there.
private final class StoreBox: @unchecked Sendable {
    let store: any ClusterStore
    init(_ store: any ClusterStore) { self.store = store }
}
