import SystemCalls

/// Where and how to connect, resolved the way libpq does: a connection URI or keyword/value settings, then
/// the PG* environment variables, then defaults. The password (if any) is kept but never printed.
public struct PostgresConfiguration: Sendable, Equatable {
    /// libpq's sslmode values.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca", verifyFull = "verify-full"

        /// Whether a plaintext connection is acceptable.
        public var requiresTLS: Bool { self == .require || self == .verifyCA || self == .verifyFull }
    }

    /// Host name, IP address, or (starting with "/") the directory of the server's Unix socket.
    public var host: String
    public var port: UInt16
    public var database: String
    public var user: String
    /// From the URL/`password` setting or PGPASSWORD; when nil, the password file is consulted at connect time.
    public var password: String?
    public var sslMode: SSLMode
    /// CA file for verify-ca/verify-full (and require when it exists); "system" = the system's store;
    /// nil = ~/.postgresql/root.crt.
    public var sslRootCert: String?
    /// connect_timeout in seconds (libpq: values under 2 count as 2). Unset or 0: `defaultConnectTimeout`.
    public var connectTimeoutSeconds: Int?
    public var applicationName: String?
    /// PGPASSFILE or ~/.pgpass.
    public var passFile: String?
    /// The home directory used for ~/.pgpass and ~/.postgresql/root.crt.
    public var homeDirectory: String?
    /// True when the URL (or a `password` setting) carried a password: the config layer refuses that.
    public var urlContainsPassword: Bool

    /// Used when connect_timeout is unset or 0 (libpq would wait forever; a daemon must not).
    public static let defaultConnectTimeoutSeconds = 10

    /// True when `host` names a Unix-socket directory.
    public var isUnixSocket: Bool { host.hasPrefix("/") }
    /// `<dir>/.s.PGSQL.<port>` for Unix-socket hosts.
    public var socketPath: String { "\(host)/.s.PGSQL.\(port)" }
    /// The connect deadline length in nanoseconds.
    public var connectTimeout: Int64 {
        let s = connectTimeoutSeconds.flatMap { $0 > 0 ? max($0, 2) : nil } ?? Self.defaultConnectTimeoutSeconds
        return Int64(s) * 1_000_000_000
    }
    /// The CA file to use, after the default: nil for the system store.
    public var rootCertificatePath: String? {
        if sslRootCert == "system" { return nil }
        if let sslRootCert { return sslRootCert }
        return "\(homeDirectory ?? "~")/.postgresql/root.crt"
    }

    /// "deploy@db.internal:5432/shop sslmode=verify-full": safe for logs and errors (no password).
    public var redactedDescription: String {
        let place = isUnixSocket ? "\(host) (socket .s.PGSQL.\(port))" : host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return "\(user)@\(place)/\(database) sslmode=\(sslMode.rawValue)"
    }

    /// The libpq keywords we understand (in a URI query, a keyword/value string or the config's keys).
    public static let keywords: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "sslmode", "sslrootcert", "connect_timeout",
        "application_name", "passfile",
    ]

    /// Resolves the settings: `url` (a postgres:// URI or a "host=... port=..." string; nil for none), then
    /// `settings` (libpq keywords; they override the URL's), then PG* variables from `environment`, then
    /// defaults (Unix socket /var/run/postgresql, port 5432, user = `userName` (the OS user), dbname = user,
    /// sslmode prefer). `homeDirectory` is used when HOME is unset.
    public static func resolve(
        url: String?, settings: [String: String] = [:], environment: [String: String],
        userName: String?, homeDirectory: String?
    ) throws(PostgresConfigurationError) -> PostgresConfiguration {
        var values: [String: String] = [:]
        if let url { values = try ConnectionString.parse(url) }
        for (key, value) in settings {
            guard keywords.contains(key) else { throw PostgresConfigurationError("unknown connection setting \"\(key)\"", key: key) }
            values[key] = value
        }
        let urlContainsPassword = values["password"] != nil
        let fromEnvironment: [(String, String)] = [
            ("PGHOST", "host"), ("PGPORT", "port"), ("PGDATABASE", "dbname"), ("PGUSER", "user"),
            ("PGPASSWORD", "password"), ("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert"),
            ("PGCONNECT_TIMEOUT", "connect_timeout"), ("PGAPPNAME", "application_name"), ("PGPASSFILE", "passfile"),
        ]
        var origin: [String: String] = [:]
        for (variable, key) in fromEnvironment where values[key] == nil {
            if let v = environment[variable], !v.isEmpty { values[key] = v; origin[key] = variable }
        }
        return try build(values, origin: origin, environment: environment, userName: userName,
                         homeDirectory: homeDirectory, urlContainsPassword: urlContainsPassword)
    }

    /// `resolve` with this process's environment and OS user (`getpwuid_r`).
    public static func resolve(url: String?, settings: [String: String] = [:]) throws(PostgresConfigurationError) -> PostgresConfiguration {
        let account = (try? CurrentProcess.account()) ?? nil
        return try resolve(url: url, settings: settings, environment: CurrentProcess.environment(),
                           userName: account?.name, homeDirectory: account?.homeDirectory)
    }

    private static func build(
        _ v: [String: String], origin: [String: String], environment: [String: String], userName: String?,
        homeDirectory: String?, urlContainsPassword: Bool
    ) throws(PostgresConfigurationError) -> PostgresConfiguration {
        func source(_ key: String) -> String { origin[key] ?? key }
        let host = v["hostaddr"] ?? v["host"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/run/postgresql"
        if host.contains(",") { throw PostgresConfigurationError("\(source("host")): several hosts are not supported", key: "host") }
        var port: UInt16 = 5432
        if let text = v["port"], !text.isEmpty {
            guard let p = UInt16(text), p > 0 else { throw PostgresConfigurationError("\(source("port")): invalid port \"\(text)\" (1-65535)", key: "port") }
            port = p
        }
        var sslMode = SSLMode.prefer
        if let text = v["sslmode"] {
            guard let m = SSLMode(rawValue: text) else {
                throw PostgresConfigurationError("\(source("sslmode")): invalid sslmode \"\(text)\" (disable, allow, prefer, require, verify-ca, verify-full)", key: "sslmode")
            }
            sslMode = m
        }
        var timeout: Int?
        if let text = v["connect_timeout"], !text.isEmpty {
            guard let t = Int(text), t >= 0 else { throw PostgresConfigurationError("\(source("connect_timeout")): invalid connect_timeout \"\(text)\" (whole seconds)", key: "connect_timeout") }
            timeout = t
        }
        guard let user = v["user"].flatMap({ $0.isEmpty ? nil : $0 }) ?? userName else {
            throw PostgresConfigurationError("no user name: set user, PGUSER, or run as a user with a passwd entry", key: "user")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? homeDirectory
        return PostgresConfiguration(
            host: host, port: port, database: v["dbname"].flatMap { $0.isEmpty ? nil : $0 } ?? user, user: user,
            password: v["password"], sslMode: sslMode, sslRootCert: v["sslrootcert"], connectTimeoutSeconds: timeout,
            applicationName: v["application_name"], passFile: v["passfile"] ?? home.map { "\($0)/.pgpass" },
            homeDirectory: home, urlContainsPassword: urlContainsPassword)
    }
}

/// A connection setting that can't be used. `offset` is the position in the URL (Unicode scalars from 0)
/// when the problem is in the URL; `key` the setting concerned. The text never contains a password.
public struct PostgresConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var offset: Int?
    public var key: String?
    public init(_ message: String, offset: Int? = nil, key: String? = nil) {
        self.message = message; self.offset = offset; self.key = key
    }
    public var description: String { offset.map { "\(message) (at character \($0 + 1) of the URL)" } ?? message }
}
