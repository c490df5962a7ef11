import Postgres
import SchedulerCore
import SystemCalls

/// Why the cluster tables can't be used (besides the connection's own errors).
public struct ClusterStoreError: Error, CustomStringConvertible {
    public var description: String
}

/// The slot table in PostgreSQL, through our client. One connection, opened on first use and again after
/// any error; every call has a deadline, so a hanging server costs a timeout, never a stuck thread.
public final class PostgresClusterStore: ClusterStore {
    var configuration: PostgresConfiguration
    /// `durable_claims`: claims wait for the WAL flush like every other statement.
    var durableClaims: Bool
    let environment: [String: String]
    public private(set) var nodesAtLastClaim: [String]?
    var connection: PostgresConnection?
    /// Warnings of the client (an ignored .pgpass, TLS fallback), for the log.
    public private(set) var warnings: [String] = []
    /// How long one statement may take.
    static let statementTimeout: Int64 = 5_000_000_000

    public init(settings: ClusterSettings, environment: [String: String]) throws {
        self.environment = environment
        configuration = try Self.resolve(settings, environment: environment)
        durableClaims = settings.durableClaims
    }

    static func resolve(_ settings: ClusterSettings, environment: [String: String]) throws -> PostgresConfiguration {
        let account = (try? CurrentProcess.account()) ?? nil
        do throws(PostgresConfigurationError) {
            return try PostgresConfiguration.resolve(
                url: settings.url, settings: settings.parameters.merging(["application_name": "scheduler"]) { a, _ in a },
                environment: environment, userName: account?.name, homeDirectory: account?.homeDirectory)
        } catch {
            throw ClusterStoreError(description: "[cluster] connection settings: \(error)")
        }
    }

    public func reconfigure(_ settings: ClusterSettings) throws {
        disconnect()
        configuration = try Self.resolve(settings, environment: environment)
        durableClaims = settings.durableClaims
    }

    /// Where the store connects, without a password (for messages).
    public var place: String { configuration.redactedDescription }

    func open() throws -> PostgresConnection {
        if let c = connection, c.isOpen { return c }
        connection = nil
        let c = try PostgresConnection.connect(configuration)
        warnings += c.warnings
        connection = c
        return c
    }

    var deadline: Int64 { SystemClock.monotonic() + Self.statementTimeout }

    func rows(_ sql: String, _ parameters: [String?]) throws -> [PostgresRow] {
        try open().query(sql, parameters, deadline: deadline)
    }

    /// A statement sent every due instant or heartbeat: parsed once per connection.
    func prepared(_ sql: String, _ parameters: [String?]) throws -> [PostgresRow] {
        try open().pipeline([PostgresStatement(sql, parameters, prepared: true)], deadline: deadline)[0].rows
    }

    public func disconnect() { connection?.close(); connection = nil }

    public func prepare() throws -> String {
        let c = try open()
        typealias S = ClusterSchema.Statement
        try c.transaction(deadline: deadline) { c in
            _ = try c.query(S.lock, [String(ClusterSchema.lockKey)], deadline: deadline)
            if try c.query(S.tableExists, deadline: deadline).first?.bool(0) == true {
                let version = try c.query(S.version, deadline: deadline).first?.int(0) ?? 0
                guard version <= ClusterSchema.version else {
                    throw ClusterStoreError(description: "the cluster tables have schema version \(version); this scheduler "
                        + "knows version \(ClusterSchema.version) only: upgrade scheduler on this node")
                }
                if version == ClusterSchema.version { return }
            }
            do { _ = try c.simpleQuery(ClusterSchema.sql, deadline: deadline) } catch let e as PostgresError where e.sqlState == "42501" {
                throw ClusterStoreError(description: "can't create the cluster tables (\(e)); run 'scheduler cluster sql' as their owner")
            }
        }
        return c.parameters["server_version"] ?? "?"
    }

    public func owner(of node: String, cluster: String, lease: Duration) throws -> NodeOwner? {
        guard let r = try rows(ClusterSchema.Statement.nodeOwner, [cluster, node, Self.seconds(lease)]).first,
              let host = r[0], let pid = r.int(1) else { return nil }
        return NodeOwner(host: host, pid: Int32(truncatingIfNeeded: pid))
    }

    public func heartbeat(_ b: NodeBeat) throws -> [String] {
        try rows(ClusterSchema.Statement.heartbeat,
                 [b.cluster, b.node, b.host, String(b.pid), b.zone, b.configHash, Self.seconds(b.lease)]).compactMap { $0[0] }
    }

    /// Claims in one round trip: the claim statement in one transaction with `synchronous_commit` off for
    /// that transaction alone, so the job's start does not wait for the database's WAL flush (the cost and
    /// what a database crash can then do are in scheduler.toml(5), RUNNING ON SEVERAL SERVERS).
    public func claim(_ claims: [SlotClaim], node: String, cluster: String, lease: Duration) throws -> [ClaimOutcome] {
        let statement = PostgresStatement(ClusterSchema.Statement.claim, [
            cluster, node, Self.array(claims.map(\.job)), Self.array(claims.map { String(Self.micros($0.scheduledAt)) }),
            Self.array(claims.map { String($0.attempt) }), Self.array(claims.map(\.kind.rawValue)),
            Self.array(claims.map { String($0.run) }), Self.array(claims.map { $0.overlapHeld ? "t" : "f" }), Self.seconds(lease),
            Self.array(claims.map { $0.foreground ? "t" : "f" }),
        ], prepared: true)
        var statements = durableClaims ? [] : [PostgresStatement(ClusterSchema.Statement.asyncCommit, prepared: true)]
        if claims.contains(where: { $0.overlapHeld && $0.attempt == 1 }) {
            statements.append(PostgresStatement(ClusterSchema.Statement.claimTurn, [cluster], prepared: true))
        }
        let found = try open().pipeline(statements + [statement], deadline: deadline).last?.rows ?? []
        var byKey: [String: ClaimOutcome] = [:]
        nodesAtLastClaim = found.compactMap { $0[3] == "alive" ? $0[4] : nil }
        for r in found where r[3] != "alive" {
            let key = "\(r[0] ?? "")\u{0}\(r[1] ?? "")\u{0}\(r[2] ?? "")"
            let who = r[4] ?? ""
            byKey[key] = r[3] == "won" ? .won : r[3] == "busy" ? .busy(node: who) : .lost(node: who)
        }
        return claims.map { byKey["\($0.job)\u{0}\(Self.micros($0.scheduledAt))\u{0}\($0.attempt)"] ?? .lost(node: "") }
    }

    public func started(_ s: [SlotStart], node: String, cluster: String) throws {
        _ = try prepared(ClusterSchema.Statement.started, [
            cluster, node, Self.array(s.map(\.job)), Self.array(s.map { String(Self.micros($0.scheduledAt)) }),
            Self.array(s.map { String($0.attempt) }), Self.array(s.map { String($0.pid) }), Self.array(s.map { String($0.run) }),
        ])
    }

    public func finished(_ e: [SlotEnd], node: String, cluster: String) throws {
        _ = try prepared(ClusterSchema.Statement.finished, [
            cluster, node, Self.array(e.map(\.job)), Self.array(e.map { String(Self.micros($0.scheduledAt)) }),
            Self.array(e.map { String($0.attempt) }), Self.array(e.map(\.status.rawValue)),
            Self.array(e.map { $0.exitCode.map { String($0) } }),
        ])
    }

    public func closeStale(node: String, cluster: String) throws {
        _ = try rows(ClusterSchema.Statement.closeStale, [cluster, node])
    }

    public func reapDead(cluster: String, lease: Duration) throws -> [LostRun] {
        try rows(ClusterSchema.Statement.reapDead, [cluster, Self.seconds(lease)]).compactMap { r in
            guard let job = r[0], let us = r.int(1), let attempt = r.int(2) else { return nil }
            return LostRun(job: job, scheduledAt: Instant(nanoseconds: us * 1000), attempt: Int(attempt), node: r[3] ?? "",
                           retriable: r.bool(4) ?? true)
        }
    }

    /// A foreground run proves it is up: refreshes its own row's heartbeat.
    public func touch(_ c: SlotClaim, node: String, cluster: String) throws {
        _ = try rows(ClusterSchema.Statement.touch, [cluster, node, c.job, String(Self.micros(c.scheduledAt)), String(c.attempt)])
    }

    public func leave(_ b: NodeBeat) throws {
        _ = try rows(ClusterSchema.Statement.leave, [b.cluster, b.node, b.host, String(b.pid)])
    }

    public func deleteOld(cluster: String, keep: Duration, limit: Int) throws -> Int {
        let r = try open().execute(ClusterSchema.Statement.deleteOld, [cluster, Self.seconds(keep), String(limit)], deadline: deadline)
        return r.affectedRows ?? 0
    }

    static func micros(_ t: Instant) -> Int64 { t.nanoseconds / 1000 }
    static func seconds(_ d: Duration) -> String { String(Double(d.nanoseconds) / 1e9) }

    /// A PostgreSQL array literal in text format: every element quoted, `\` and `"` escaped; nil is NULL.
    static func array(_ items: [String?]) -> String {
        "{" + items.map { item in
            guard let s = item else { return "NULL" }
            var out = "\""
            for ch in s.unicodeScalars {
                if ch == "\\" || ch == "\"" { out.unicodeScalars.append("\\") }
                out.unicodeScalars.append(ch)
            }
            return out + "\""
        }.joined(separator: ",") + "}"
    }
    static func array(_ items: [String]) -> String { array(items.map { Optional($0) }) }
}
