/// Where a job runs once `[cluster]` exists: once per slot across the cluster, or on every node.
public enum JobScope: String, Sendable, Equatable, CaseIterable {
    case cluster, host
}

/// What cluster jobs do while the cluster database can't be reached.
public enum WhenUnreachable: String, Sendable, Equatable, CaseIterable {
    /// Not started (the default): no double runs, but missed slots.
    case skip
    /// Run locally on every node that can't reach the database: may run a slot more than once.
    case run
}

/// The `[cluster]` table: how the nodes sharing one config coordinate through PostgreSQL.
public struct ClusterSettings: Sendable, Equatable {
    /// A libpq connection URI (`postgres://user@host:port/db?sslmode=…`), without a password.
    public var url: String?
    /// libpq-named keys given beside or instead of `url` (host, port, dbname, user, sslmode, sslrootcert);
    /// they win over the URI's parts.
    public var parameters: [String: String] = [:]
    /// This node's name, unique among live nodes; nil: the host name.
    public var node: String?
    /// Namespace inside the tables: several apps can share one database.
    public var name = "default"
    /// How long a silent node is still trusted to be running its runs.
    public var lease: Duration = .seconds(30)
    /// How long other nodes leave a slot to its preferred node before claiming it themselves.
    public var claimGrace: Duration = .seconds(1)
    public var whenUnreachable: WhenUnreachable = .skip
    /// Finished slot rows older than this are deleted; nil: `[daemon] history_keep`.
    public var keep: Duration?
    /// Claims commit with the server's synchronous_commit (a WAL flush before each start) instead of `off`.
    public var durableClaims = false

    public init() {}

    /// The libpq connection parameter keys `[cluster]` accepts (a password is never one of them).
    public static let connectionKeys = ["host", "port", "dbname", "user", "sslmode", "sslrootcert"]
    public static let sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
}

extension Job {
    /// True when this job coordinates through the cluster database (never for `@reboot`).
    public func isClusterScoped(in config: Config) -> Bool { config.cluster != nil && scope == .cluster }
}
