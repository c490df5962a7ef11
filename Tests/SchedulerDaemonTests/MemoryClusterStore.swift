import SchedulerCore
@testable import SchedulerDaemon

/// The slot table in memory, with the rules of the SQL in ClusterSchema (unique slot attempts, overlap
/// held by unfinished rows of live nodes, reaping after the lease). Shared by several simulated nodes.
final class MemoryClusterStore: ClusterStore {
    struct Row: Equatable {
        var node: String
        var kind: SlotKind
        var status = "claimed"
        var finished = false
        var pid: Int32?
    }
    struct Key: Hashable { var job: String; var at: Instant; var attempt: Int }

    var now: () -> Instant
    var rows: [Key: Row] = [:]
    var heartbeats: [String: (at: Instant, host: String, pid: Int32)] = [:]
    var down = false
    var statements = 0

    init(now: @escaping () -> Instant) { self.now = now }

    private func check() throws { statements += 1; if down { throw StoreDown() } }
    struct StoreDown: Error, CustomStringConvertible { var description: String { "connection refused" } }

    func live(_ lease: Duration) -> [String] { heartbeats.filter { now() - $0.value.at < lease }.map(\.key).sorted() }

    func prepare() throws -> String { try check(); return "15 (memory)" }
    func owner(of node: String, cluster: String, lease: Duration) throws -> NodeOwner? {
        try check()
        return heartbeats[node].flatMap { now() - $0.at < lease ? NodeOwner(host: $0.host, pid: $0.pid) : nil }
    }
    func heartbeat(_ beat: NodeBeat) throws -> [String] {
        try check()
        heartbeats[beat.node] = (now(), beat.host, beat.pid)
        return live(beat.lease)
    }
    func claim(_ claims: [SlotClaim], node: String, cluster: String, lease: Duration) throws -> [ClaimOutcome] {
        try check()
        let alive = Set(live(lease))
        return claims.map { c in
            let key = Key(job: c.job, at: c.scheduledAt, attempt: c.attempt)
            if let r = rows[key] { return .lost(node: r.node) }
            if c.overlapHeld, c.attempt == 1,
               let busy = rows.first(where: { $0.key.job == c.job && !$0.value.finished && alive.contains($0.value.node) }) {
                return .busy(node: busy.value.node)
            }
            rows[key] = Row(node: node, kind: c.kind)
            return .won
        }
    }
    func started(_ starts: [SlotStart], node: String, cluster: String) throws {
        try check()
        for s in starts { rows[Key(job: s.job, at: s.scheduledAt, attempt: s.attempt)]?.status = "running" }
    }
    func finished(_ ends: [SlotEnd], node: String, cluster: String) throws {
        try check()
        for e in ends {
            let k = Key(job: e.job, at: e.scheduledAt, attempt: e.attempt)
            guard let r = rows[k], r.node == node, !r.finished else { continue }
            rows[k]?.finished = true; rows[k]?.status = e.status.rawValue
        }
    }
    func closeStale(node: String, cluster: String) throws {
        try check()
        for (k, r) in rows where r.node == node && r.status == "claimed" && !r.finished {
            rows[k]?.finished = true; rows[k]?.status = "skipped"
        }
    }
    func leave(_ beat: NodeBeat) throws {
        try check()
        if heartbeats[beat.node]?.pid == beat.pid { heartbeats[beat.node] = nil }
    }
    func reapDead(cluster: String, lease: Duration) throws -> [LostRun] {
        try check()
        let alive = Set(live(lease))
        var lost: [LostRun] = []
        for (k, r) in rows where !r.finished && !alive.contains(r.node) {
            rows[k]?.finished = true; rows[k]?.status = "unknown"
            lost.append(LostRun(job: k.job, scheduledAt: k.at, attempt: k.attempt, node: r.node))
        }
        return lost
    }
    func deleteOld(cluster: String, keep: Duration, limit: Int) throws -> Int { try check(); return 0 }
    func disconnect() {}
}
