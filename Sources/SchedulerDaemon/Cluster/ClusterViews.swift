import Postgres
import SchedulerCore
import SystemCalls

/// One node as `scheduler cluster status` shows it.
public struct NodeStatus: Sendable, Equatable {
    public var node: String
    public var host: String
    public var pid: Int32
    public var secondsSinceHeartbeat: Double
    public var zone: String
    public var configHash: String
    public var runsUp: Int
    /// Its daemon stopped cleanly (not alive, whatever its last heartbeat).
    public var stopped: Bool
}

/// One slot row as `ps --cluster` and `history --cluster` show it.
public struct SlotRow: Sendable, Equatable {
    public var job: String
    public var scheduledAt: Instant
    public var attempt: Int
    public var kind: String
    public var node: String
    public var run: Int?
    public var startedAt: Instant?
    public var finishedAt: Instant?
    public var status: String
    public var exitCode: Int?
    public var pid: Int?
}

/// What `check --connect` reports about the server.
public struct ServerReport: Sendable, Equatable {
    public var version: String
    /// Database clock minus ours, in seconds (measured at the middle of the round trip).
    public var clockOffset: Double
    /// nil when the tables don't exist yet.
    public var schemaVersion: Int?
}

/// Read-only queries for the CLI: no table is created or changed.
extension PostgresClusterStore {
    public func report() throws -> ServerReport {
        let c = try open()
        let before = SystemClock.realtime()
        let r = try c.query("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::int8, to_regclass('scheduler_schema') IS NOT NULL",
                            deadline: deadline).first
        let after = SystemClock.realtime()
        let server = Double(r?.int(0) ?? 0) / 1e6
        let offset = server - Double(before / 2 + after / 2) / 1e9
        var schema: Int?
        if r?.bool(1) == true { schema = try c.query(ClusterSchema.Statement.version, deadline: deadline).first?.int(0).map(Int.init) }
        return ServerReport(version: c.parameters["server_version"] ?? "?", clockOffset: offset, schemaVersion: schema)
    }

    public func nodes(cluster: String) throws -> [NodeStatus] {
        try rows("""
            SELECT n.node, n.host, n.pid, extract(epoch FROM now() - n.heartbeat_at)::float8, n.zone, n.config_hash,
                (SELECT count(*) FROM scheduler_slots s WHERE s.cluster = n.cluster AND s.node = n.node AND s.finished_at IS NULL),
                n.stopped_at IS NOT NULL
            FROM scheduler_nodes n WHERE n.cluster = $1 ORDER BY n.node
            """, [cluster]).map { r in
            NodeStatus(node: r[0] ?? "", host: r[1] ?? "", pid: Int32(truncatingIfNeeded: r.int(2) ?? 0),
                       secondsSinceHeartbeat: Double(r[3] ?? "") ?? 0, zone: r[4] ?? "", configHash: r[5] ?? "",
                       runsUp: Int(r.int(6) ?? 0), stopped: r.bool(7) == true)
        }
    }

    /// Unfinished rows (`open`) or the latest finished ones, newest first; `job` filters.
    public func slots(cluster: String, open: Bool, job: String?, limit: Int) throws -> [SlotRow] {
        let sql = """
            SELECT job, scheduled_at, attempt, kind, node, run, started_at, finished_at, status, exit_code, pid
            FROM scheduler_slots WHERE cluster = $1 AND (finished_at IS NULL) = $2 AND ($3::text IS NULL OR job = $3)
            ORDER BY coalesce(finished_at, claimed_at) DESC LIMIT $4
            """
        return try rows(sql, [cluster, open ? "t" : "f", job, String(limit)]).map { r in
            SlotRow(job: r[0] ?? "", scheduledAt: Instant(nanoseconds: r.timestamp(1) ?? 0), attempt: Int(r.int(2) ?? 1),
                    kind: r[3] ?? "", node: r[4] ?? "", run: r.int(5).map(Int.init), startedAt: r.timestamp(6).map { Instant(nanoseconds: $0) },
                    finishedAt: r.timestamp(7).map { Instant(nanoseconds: $0) }, status: r[8] ?? "", exitCode: r.int(9).map(Int.init),
                    pid: r.int(10).map(Int.init))
        }
    }

    /// Node of the last finished run of each job (for `list`).
    public func lastNodes(cluster: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try rows("""
            SELECT DISTINCT ON (job) job, node FROM scheduler_slots WHERE cluster = $1 AND started_at IS NOT NULL
            ORDER BY job, started_at DESC
            """, [cluster]) { if let j = r[0], let n = r[1] { out[j] = n } }
        return out
    }
}
