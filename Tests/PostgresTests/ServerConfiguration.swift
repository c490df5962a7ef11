import Postgres
import PostgresTestSupport

extension PrivatePostgres {
    /// Client settings for `user` over TCP to `host` (default localhost), with overrides; no .pgpass.
    func configuration(user: String, host: String = "localhost", settings: [String: String] = [:],
                       environment: [String: String] = [:]) throws -> PostgresConfiguration {
        var all = ["host": host, "port": String(port), "user": user, "dbname": "postgres", "sslmode": "disable",
                   "passfile": "\(directory)/no-passfile", "connect_timeout": "5"]
        for (k, v) in settings { all[k] = v }
        return try PostgresConfiguration.resolve(url: nil, settings: all, environment: environment, userName: nil, homeDirectory: nil)
    }
}
