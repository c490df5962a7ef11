@testable import Postgres
import SystemCalls
import Testing


private func resolve(_ url: String?, _ settings: [String: String] = [:], env: [String: String] = [:]) throws -> PostgresConfiguration {
    try PostgresConfiguration.resolve(url: url, settings: settings, environment: env, userName: "alice", homeDirectory: "/home/alice")
}

@Suite struct ConfigurationTests {
    @Test func fullURI() throws {
        let c = try resolve("postgres://deploy@db.internal:6543/shop_production?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3&application_name=sched")
        #expect(c.host == "db.internal")
        #expect(c.port == 6543)
        #expect(c.user == "deploy")
        #expect(c.database == "shop_production")
        #expect(c.sslMode == .verifyFull)
        #expect(c.sslRootCert == "/etc/ca.pem")
        #expect(c.connectTimeoutSeconds == 3)
        #expect(c.applicationName == "sched")
        #expect(!c.urlContainsPassword)
        #expect(c.redactedDescription == "deploy@db.internal:6543/shop_production sslmode=verify-full")
    }

    @Test func defaultsFollowLibpq() throws {
        let c = try resolve(nil)
        #expect(c.host == "/var/run/postgresql")
        #expect(c.isUnixSocket)
        #expect(c.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
        #expect(c.user == "alice")
        #expect(c.database == "alice")
        #expect(c.sslMode == .prefer)
        #expect(c.passFile == "/home/alice/.pgpass")
        #expect(c.rootCertificatePath == "/home/alice/.postgresql/root.crt")
        #expect(c.connectTimeout == 10_000_000_000)
    }

    @Test func percentDecodingIPv6AndSocketHosts() throws {
        let c = try resolve("postgresql://us%40er@[::1]:5433/my%20db")
        #expect(c.user == "us@er")
        #expect(c.host == "::1")
        #expect(c.port == 5433)
        #expect(c.database == "my db")
        #expect(c.redactedDescription == "us@er@[::1]:5433/my db sslmode=prefer")
        let socket = try resolve("postgresql://%2Fvar%2Frun%2Fpostgresql/app")
        #expect(socket.socketPath == "/var/run/postgresql/.s.PGSQL.5432")
        let query = try resolve("postgresql:///app?host=/tmp/pg&port=7000")
        #expect(query.socketPath == "/tmp/pg/.s.PGSQL.7000")
        #expect(query.redactedDescription == "alice@/tmp/pg (socket .s.PGSQL.7000)/app sslmode=prefer")
    }

    @Test func passwordInURLIsReportedAndNeverShown() throws {
        let c = try resolve("postgres://deploy:hunter2@db/app")
        #expect(c.urlContainsPassword)
        #expect(c.password == "hunter2")
        #expect(!c.redactedDescription.contains("hunter2"))
        let e = #expect(throws: PostgresConfigurationError.self) { try resolve("postgres://deploy:hun%zzter2@db/app") }
        #expect(e?.description.contains("hun") == false)
        #expect(try resolve("postgres://db/app?password=x").urlContainsPassword)
    }

    @Test(arguments: [
        ("postgres://db/app?sslmode=verify_full", 26, "invalid sslmode \"verify_full\""),
        ("postgres://db/app?sslmode=require&colour=blue", 34, "unknown parameter \"colour\""),
        ("postgres://db:99999/app", 14, "invalid port \"99999\""),
        ("postgres://db/app?connect_timeout=soon", 34, "invalid connect_timeout \"soon\""),
        ("postgres://db/app?sslmode", 18, "query parameter without \"=\""),
        ("postgres://[::1/app", 11, "closing \"]\""),
        ("postgres://db/a%4", 15, "invalid percent-encoding"),
        ("postgres://a,b/app", 11, "several hosts"),
        ("mysql://db/app", 0, "must start with postgresql://"),
        ("host=db colour=blue", 8, "unknown parameter \"colour\""),
    ])
    func badURLsNameTheOffendingPart(url: String, offset: Int, message: String) {
        let error = #expect(throws: PostgresConfigurationError.self) { try resolve(url) }
        #expect(error?.offset == offset, "\(url)")
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test func keywordValueStrings() throws {
        let c = try resolve("host=db.internal port=5433 dbname='my \\'db\\'' user = bob sslmode=require")
        #expect(c.host == "db.internal")
        #expect(c.port == 5433)
        #expect(c.database == "my 'db'")
        #expect(c.user == "bob")
        #expect(c.sslMode == .require)
    }

    @Test func settingsOverrideTheURLAndEnvironmentFillsTheRest() throws {
        let env = ["PGHOST": "envhost", "PGPORT": "7777", "PGUSER": "envuser", "PGDATABASE": "envdb", "PGPASSWORD": "pw",
                   "PGSSLMODE": "verify-ca", "PGPASSFILE": "/etc/pgpass", "PGCONNECT_TIMEOUT": "4", "PGSSLROOTCERT": "system"]
        let fromEnv = try resolve(nil, env: env)
        #expect(fromEnv.host == "envhost")
        #expect(fromEnv.port == 7777)
        #expect(fromEnv.user == "envuser")
        #expect(fromEnv.database == "envdb")
        #expect(fromEnv.password == "pw")
        #expect(!fromEnv.urlContainsPassword)
        #expect(fromEnv.sslMode == .verifyCA)
        #expect(fromEnv.passFile == "/etc/pgpass")
        #expect(fromEnv.connectTimeoutSeconds == 4)
        #expect(fromEnv.rootCertificatePath == nil)
        let mixed = try resolve("postgres://urlhost/urldb", ["dbname": "keydb"], env: env)
        #expect(mixed.host == "urlhost")
        #expect(mixed.database == "keydb")
        #expect(mixed.port == 7777)
        let bad = #expect(throws: PostgresConfigurationError.self) { try resolve(nil, env: ["PGSSLMODE": "on"]) }
        #expect(bad?.message.hasPrefix("PGSSLMODE: invalid sslmode") == true)
        #expect(throws: PostgresConfigurationError.self) { try resolve(nil, ["colour": "blue"]) }
    }

    @Test func connectTimeoutRulesFollowLibpq() throws {
        #expect(try resolve("postgres://db/a?connect_timeout=1").connectTimeout == 2_000_000_000)
        #expect(try resolve("postgres://db/a?connect_timeout=0").connectTimeout == 10_000_000_000)
        #expect(try resolve("postgres://db/a?connect_timeout=30").connectTimeout == 30_000_000_000)
    }

    @Test func passFileMatchingWildcardsAndEscapes() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "hpg-pgpass")
        defer { try? FileSystem.removeTree(dir) }
        let path = "\(dir)/pgpass"
        try FileSystem.writeFileAtomically(path, Array("""
            # comment
            db.internal:5432:shop:deploy:first\\:pass
            *:*:other:*:wild
            localhost:5432:*:sock:via-socket
            db.internal:*:*:deploy:second
            we\\:ird:5432:*:*:esc\\\\aped

            """.utf8), permissions: 0o600)
        func look(_ host: String, _ db: String, _ user: String, port: UInt16 = 5432) -> String? {
            PassFile.lookup(path: path, host: host, port: port, database: db, user: user).password
        }
        #expect(look("db.internal", "shop", "deploy") == "first:pass")
        #expect(look("db.internal", "other", "anyone") == "wild")
        #expect(look("db.internal", "shop2", "deploy", port: 6000) == "second")
        #expect(look("/var/run/postgresql", "x", "sock") == "via-socket")
        #expect(look("we:ird", "x", "y") == "esc\\aped")
        #expect(look("elsewhere", "shop", "deploy") == nil)

        try FileSystem.changeMode(path, to: 0o640)
        let loose = PassFile.lookup(path: path, host: "db.internal", port: 5432, database: "shop", user: "deploy")
        #expect(loose.password == nil)
        #expect(loose.warning?.contains("has group or world access") == true)
        #expect(PassFile.lookup(path: "\(dir)/missing", host: "h", port: 1, database: "d", user: "u") == (nil, nil))
    }

    @Test func timestampText() {
        #expect(PostgresText.epochNanoseconds("1970-01-01 00:00:00+00") == 0)
        #expect(PostgresText.epochNanoseconds("2026-11-30 23:24:53.123456+00") == 1_796_081_093_123_456_000)
        #expect(PostgresText.epochNanoseconds("2026-12-01 01:24:53.123456+02") == 1_796_081_093_123_456_000)
        #expect(PostgresText.epochNanoseconds("2026-11-30 18:54:53.123456-04:30") == 1_796_081_093_123_456_000)
        #expect(PostgresText.timestamp(epochNanoseconds: 1_796_081_093_123_456_789) == "2026-11-30 23:24:53.123456+00")
        #expect(PostgresText.timestamp(epochNanoseconds: -1_000) == "1969-12-31 23:59:59.999999+00")
        #expect(PostgresText.epochNanoseconds("yesterday") == nil)
        #expect(PostgresText.bool("t") == true)
        #expect(PostgresText.bool("f") == false)
        #expect(PostgresText.bool("yes") == nil)
    }
}
