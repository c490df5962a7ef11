@testable import Postgres
import SystemCalls
import PostgresTestSupport
import Testing

/// Authentication and queries against a real PostgreSQL server (PrivatePostgres).
@Suite struct ConnectionTests {
    let server: PrivatePostgres
    init() throws { server = try PrivatePostgres.shared() }

    func connect(_ user: String, host: String = "localhost", _ settings: [String: String] = [:],
                 environment: [String: String] = [:]) throws -> PostgresConnection {
        try PostgresConnection.connect(try server.configuration(user: user, host: host, settings: settings, environment: environment))
    }

    @Test func trustOverTCP() throws {
        let c = try connect("u_trust")
        defer { c.close() }
        #expect(try c.query("SELECT current_user")[0][0] == "u_trust")
        #expect(c.parameters["server_version"]?.isEmpty == false)
        #expect(c.parameters["TimeZone"] == "UTC")
        #expect(c.backendProcessID > 0)
        #expect(!c.isEncrypted)
    }

    @Test(arguments: ["u_scram", "u_md5"])
    func passwordMethods(user: String) throws {
        let c = try connect(user, ["password": PrivatePostgres.password])
        defer { c.close() }
        #expect(try c.query("SELECT current_user")[0][0] == user)
    }

    /// Over IPv6 where the machine has a loopback address for it (containers may not), else IPv4.
    @Test func scramOverIPv6AndPasswordFromEnvironment() throws {
        let v6 = PrivatePostgres.hasIPv6Loopback
        let c = try connect("u_scram", host: v6 ? "::1" : "127.0.0.1", environment: ["PGPASSWORD": PrivatePostgres.password])
        defer { c.close() }
        #expect(try c.query("SELECT inet_client_addr()::text")[0][0] == (v6 ? "::1/128" : "127.0.0.1/32"))
    }

    @Test(arguments: ["u_scram", "u_md5"])
    func wrongPasswordIsRefusedWithSQLState(user: String) throws {
        let error = #expect(throws: PostgresError.self) { try connect(user, ["password": "not the password"]) }
        #expect(error?.sqlState == "28P01")
        #expect(error?.description.contains("password authentication failed") == true)
        #expect(error?.description.contains("not the password") == false)
    }

    @Test func missingPasswordSaysWhereToPutIt() throws {
        let error = #expect(throws: PostgresError.self) { try connect("u_scram") }
        guard case .authentication(let text)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(text.contains("PGPASSWORD"))
    }

    @Test func cleartextIsRefusedOverPlainTCPButAcceptedOverTLS() throws {
        let error = #expect(throws: PostgresError.self) { try connect("u_clear", ["password": PrivatePostgres.password]) }
        guard case .authentication(let text)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(text.contains("cleartext"))
        #expect(!text.contains(PrivatePostgres.password))
        let c = try connect("u_clear", ["password": PrivatePostgres.password, "sslmode": "require"])
        defer { c.close() }
        #expect(c.isEncrypted)
        #expect(try c.query("SELECT 1")[0][0] == "1")
    }

    @Test func unixSocketWithPassFile() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "hpg-pgpass")
        defer { try? FileSystem.removeTree(dir) }
        let line = "localhost:\(server.port):*:u_local:\(PrivatePostgres.password.replacing(":", with: "\\:"))\n"
        try FileSystem.writeFileAtomically("\(dir)/pgpass", Array(line.utf8), permissions: 0o600)
        let c = try connect("u_local", host: server.socketDirectory, ["passfile": "\(dir)/pgpass", "sslmode": "require"])
        defer { c.close() }
        #expect(c.peer == "\(server.socketDirectory)/.s.PGSQL.\(server.port)")
        #expect(!c.isEncrypted)  // as libpq: no TLS over Unix sockets
        #expect(try c.query("SELECT current_user")[0][0] == "u_local")
        #expect(c.warnings.isEmpty)

        try FileSystem.changeMode("\(dir)/pgpass", to: 0o644)
        let error = #expect(throws: PostgresError.self) {
            try connect("u_local", host: server.socketDirectory, ["passfile": "\(dir)/pgpass"])
        }
        #expect(error?.description.contains("none is set") == true)
        #expect(error?.description.contains("has group or world access") == true)
    }

    @Test func parametersRoundTripThroughBind() throws {
        let c = try connect("u_trust")
        defer { c.close() }
        let tricky = ["it's \"quoted\"; DROP TABLE x; --", "ünïcødé ✓ 日本語 🎉", "back\\slash", "", "$1"]
        for text in tricky {
            let rows = try c.query("SELECT $1::text, length($1::text), $2::text IS NULL", [text, nil])
            #expect(rows[0][0] == text)
            #expect(rows[0].int(1) == Int64(text.count))
            #expect(rows[0].bool(2) == true)
        }
        let rows = try c.query("SELECT 42::bigint AS n, true AS b, NULL::text AS missing, '2026-11-30 23:24:53.5+00'::timestamptz AS at")
        #expect(rows[0].int("n") == 42)
        #expect(rows[0].bool("b") == true)
        #expect(rows[0]["missing"] == nil)
        #expect(rows[0].timestamp("at") == 1_796_081_093_500_000_000)
        #expect(throws: PostgresError.invalidArgument("parameter $1 contains a NUL character, which PostgreSQL text cannot hold")) {
            _ = try c.query("SELECT $1::text", ["a\u{0}b"])
        }
        #expect(c.isOpen)
    }

    @Test func sqlErrorShowsTheServerFields() throws {
        let c = try connect("u_trust")
        defer { c.close() }
        _ = try c.simpleQuery("CREATE TEMP TABLE t (id int PRIMARY KEY, name text NOT NULL)")
        _ = try c.execute("INSERT INTO t VALUES ($1, $2)", ["1", "a"])
        let error = #expect(throws: PostgresError.self) { try c.execute("INSERT INTO t VALUES ($1, $2)", ["1", "b"]) }
        guard case .server(let m, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(m.code == "23505")
        #expect(m.severity == "ERROR")
        #expect(m.detail == "Key (id)=(1) already exists.")
        #expect(m.constraint == "t_pkey")
        #expect(error?.description.contains("ERROR 23505: duplicate key value violates unique constraint \"t_pkey\"\nDETAIL: Key (id)=(1) already exists.") == true)
        let syntax = #expect(throws: PostgresError.self) { try c.query("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
        // The connection is still usable after server errors.
        #expect(try c.query("SELECT count(*) FROM t")[0].int(0) == 1)
        #expect(c.transactionStatus == UInt8(ascii: "I"))
    }

    @Test func claimLikePipelineInOneRoundTrip() throws {
        let c = try connect("u_trust")
        defer { c.close() }
        _ = try c.simpleQuery("CREATE TEMP TABLE slots (job text, at timestamptz, node text, PRIMARY KEY (job, at))")
        let claim = "INSERT INTO slots VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING node"
        let at = PostgresText.timestamp(epochNanoseconds: 1_796_081_093_000_000_000)
        let first = try c.pipeline(["a", "b", "c"].map { PostgresStatement(claim, [$0, at, "web1"]) })
        #expect(first.map(\.rows.count) == [1, 1, 1])
        #expect(first[0].commandTag == "INSERT 0 1")
        let second = try c.pipeline(["a", "d"].map { PostgresStatement(claim, [$0, at, "web2"]) })
        #expect(second.map(\.rows.count) == [0, 1])
        #expect(second[0].affectedRows == 0)
        // A failing statement rolls back the whole pipeline (one implicit transaction) and is named.
        let error = #expect(throws: PostgresError.self) {
            try c.pipeline([PostgresStatement(claim, ["e", at, "web1"]), PostgresStatement(claim, ["f", "not a time", "web1"])])
        }
        guard case .server(_, let index)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(index == 1)
        #expect(try c.query("SELECT count(*) FROM slots")[0].int(0) == 4)
    }

    @Test func preparedStatementsAreParsedOncePerConnection() throws {
        let c = try connect("u_trust")
        defer { c.close() }
        let sql = "SELECT $1::int + 1"
        let names = "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int + 1'"
        #expect(try c.pipeline([PostgresStatement(sql, ["1"], prepared: true)])[0].rows[0].int(0) == 2)
        #expect(try c.pipeline([PostgresStatement(sql, ["41"], prepared: true)])[0].rows[0].int(0) == 42)
        #expect(try c.query(names)[0].int(0) == 1)  // parsed once, bound twice
        #expect(c.preparedStatements.count == 1)
        // After a failure (here a bad parameter in the same pipeline) the cache starts afresh, and the
        // statement still works under a new name.
        #expect(throws: PostgresError.self) {
            try c.pipeline([PostgresStatement(sql, ["1"], prepared: true), PostgresStatement(sql, ["x"], prepared: true)])
        }
        #expect(c.preparedStatements.isEmpty)
        #expect(try c.pipeline([PostgresStatement(sql, ["2"], prepared: true)])[0].rows[0].int(0) == 3)
        #expect(try c.pipeline([PostgresStatement(sql, ["3"], prepared: true)])[0].rows[0].int(0) == 4)
        #expect(try c.query(names)[0].int(0) == 2)
        // Unprepared statements leave nothing behind.
        _ = try c.query("SELECT 1")
        #expect(try c.query("SELECT count(*) FROM pg_prepared_statements")[0].int(0) == 2)
    }

    @Test func localSettingLastsOneImplicitTransaction() throws {
        let c = try connect("u_trust")
        defer { c.close() }
        // (The test server runs with synchronous_commit = off: work with a setting it leaves alone.)
        let before = try c.query("SHOW work_mem")[0][0]
        let set = try c.pipeline([PostgresStatement("SELECT set_config('work_mem', '1234kB', true)", prepared: true),
                                  PostgresStatement("SHOW work_mem")])
        #expect(set[1].rows[0][0] == "1234kB")
        #expect(try c.query("SHOW work_mem")[0][0] == before)
    }

    @Test func simpleQueryAndTransactions() throws {
        let c = try connect("u_trust")
        defer { c.close() }
        let results = try c.simpleQuery("CREATE TEMP TABLE k (v int); INSERT INTO k VALUES (1), (2); SELECT v FROM k ORDER BY v")
        #expect(results.map(\.commandTag) == ["CREATE TABLE", "INSERT 0 2", "SELECT 2"])
        #expect(results[2].rows.map { $0[0] } == ["1", "2"])
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try c.transaction { c in
                _ = try c.execute("INSERT INTO k VALUES ($1)", ["3"])
                #expect(c.transactionStatus == UInt8(ascii: "T"))
                throw Boom()
            }
        }
        try c.transaction { c in _ = try c.execute("INSERT INTO k VALUES ($1)", ["4"]) }
        #expect(try c.query("SELECT array_agg(v ORDER BY v)::text FROM k")[0][0] == "{1,2,4}")
        #expect(try c.simpleQuery("")[0].commandTag == "")
    }

    @Test func statementDeadlineClosesTheConnectionAndCancelsTheStatement() throws {
        let c = try connect("u_trust")
        let backend = String(c.backendProcessID)
        let error = #expect(throws: PostgresError.self) {
            try c.query("SELECT pg_sleep(60)", deadline: SystemClock.monotonic() + 200_000_000)
        }
        guard case .timeout? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(!c.isOpen)
        #expect(throws: PostgresError.connectionLost("the connection is closed")) { try c.query("SELECT 1") }
        // The CancelRequest ended the sleep: the backend is gone long before 60 s (the bound only stops a hang).
        let admin = try PostgresConnection.connect(try server.configuration(user: "postgres", host: server.socketDirectory))
        defer { admin.close() }
        let end = SystemClock.monotonic() + 30_000_000_000
        var alive = true
        while alive && SystemClock.monotonic() < end {
            alive = try admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", [backend])[0].int(0) == 1
            if alive { SystemClock.sleep(nanoseconds: 50_000_000) }
        }
        #expect(!alive)
    }
}
