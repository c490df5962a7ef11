import Testing
@testable import SchedulerCore

/// `[cluster]` and `scope`: values, defaults and every error with its position.
@Suite struct ConfigClusterTests {
    static let job = "[jobs.report]\ncommand = \"true\"\nevery = \"1m\"\ntimezone = \"UTC\"\n"

    @Test func defaultsAndScopes() throws {
        let text = """
            [cluster]
            url = "postgres://deploy@db.internal:5432/shop?sslmode=verify-full"
            node = "web1"
            lease = "45s"
            when_unreachable = "run"

            [defaults]
            timezone = "UTC"

            [jobs.report]
            command = "true"
            every = "1m"

            [jobs.cleanup]
            command = "true"
            every = "1m"
            scope = "host"

            [jobs.boot]
            command = "true"
            cron = "@reboot"
            """
        let config = try #require(ConfigFixture.load(text).config)
        let c = try #require(config.cluster)
        #expect(c.url == "postgres://deploy@db.internal:5432/shop?sslmode=verify-full")
        #expect(c.node == "web1" && c.name == "default" && c.lease == .seconds(45) && c.claimGrace == .seconds(1))
        #expect(c.whenUnreachable == .run)
        #expect(config.jobs.map(\.scope) == [.cluster, .host, .host])
        #expect(config.jobs.map { $0.isClusterScoped(in: config) } == [true, false, false])
    }

    @Test func durableClaimsIsABooleanOffByDefault() throws {
        #expect(try #require(ConfigFixture.load("[cluster]\nurl = \"postgres://db/shop\"\n" + Self.job).config?.cluster).durableClaims == false)
        let on = try #require(ConfigFixture.load("[cluster]\nurl = \"postgres://db/shop\"\ndurable_claims = true\n" + Self.job).config?.cluster)
        #expect(on.durableClaims)
        #expect(ConfigFixture.load("[cluster]\nurl = \"postgres://db/shop\"\ndurable_claims = \"yes\"\n" + Self.job).config == nil)
    }

    @Test func withoutClusterEveryJobIsHost() throws {
        let config = try #require(ConfigFixture.load(Self.job).config)
        #expect(config.cluster == nil && config.jobs[0].scope == .host)
    }

    @Test func connectionKeys() throws {
        let text = "[cluster]\nhost = \"/var/run/postgresql\"\nport = 5433\ndbname = \"shop\"\nuser = \"deploy\"\nsslmode = \"disable\"\n" + Self.job
        let c = try #require(ConfigFixture.load(text).config?.cluster)
        #expect(c.parameters == ["host": "/var/run/postgresql", "port": "5433", "dbname": "shop", "user": "deploy", "sslmode": "disable"])
    }

    static let passwordHint = ConfigDecoder.passwordHint
    static let rows: [(String, Expected)] = [
        ("[cluster]\nurl = \"postgres://deploy:s3cret@db/shop\"\n",
         Expected(2, 26, 6, "'url' in [cluster]: the URI has a password", hint: passwordHint)),
        ("[cluster]\nurl = \"postgres://db/shop?sslmode=verify_full\"\n",
         Expected(2, 35, 11, "'url' in [cluster]: invalid sslmode \"verify_full\" (disable, allow, prefer, require, verify-ca, verify-full)", hint: "did you mean 'verify-full'?")),
        ("[cluster]\nurl = \"postgres://db/shop?sslmod=require\"\n",
         Expected(2, 27, 6, "'url' in [cluster]: unknown parameter \"sslmod\"", hint: "did you mean 'sslmode'?")),
        ("[cluster]\nurl = \"mysql://db/shop\"\n",
         Expected(2, 8, 6, "'url' in [cluster]: the URL must start with postgresql:// or postgres://",
                  hint: "write e.g. url = \"postgres://deploy@db.internal:5432/shop\"")),
        ("[cluster]\nurl = \"postgres://db/shop?sslmode=require&password=x\"\n",
         Expected(2, 43, 10, "'url' in [cluster]: the URI has a password", hint: passwordHint)),
        ("[cluster]\npassword = \"x\"\n",
         Expected(2, 1, 8, "'password' in [cluster]: a password can't be in the config file", hint: passwordHint)),
        ("[cluster]\nsslmode = \"on\"\n",
         Expected(2, 11, 4, "'sslmode' in [cluster] is 'on'; it must be one of disable, allow, prefer, require, verify-ca, verify-full",
                  hint: nil)),
        ("[cluster]\nleas = \"30s\"\n", Expected(2, 1, 4, "unknown key 'leas' in [cluster]", hint: "did you mean 'lease'?")),
        ("[cluster]\nlease = \"1s\"\n", Expected(2, 9, 4, "'lease' in [cluster] is shorter than 3s",
                                                hint: "nodes heartbeat every lease/3; write lease = \"30s\" or more")),
    ]

    @Test(arguments: rows) func errors(_ text: String, _ expected: Expected) throws {
        let d = try ConfigFixture.only(text + Self.job).get()
        #expect(Expected(d) == expected)
    }

    @Test func clusterJobWithoutZoneIsWarned() throws {
        let r = ConfigFixture.load("[cluster]\nurl = \"postgres://db/shop\"\n[jobs.report]\ncommand = \"true\"\nevery = \"1m\"\n")
        #expect(r.config != nil)
        #expect(r.warnings.map { Expected($0) } == [Expected(3, 7, 6, "cluster job 'report' has no timezone, so each node uses its own zone",
                                                              hint: "nodes must compute the same slots: set timezone = \"UTC\" (or your zone) in [defaults]")])
    }

    @Test func replaceIsRefusedAcrossNodes() throws {
        let d = try ConfigFixture.only("[cluster]\nurl = \"postgres://db/shop\"\n" + Self.job + "overlap = \"replace\"\n").get()
        #expect(d.isError && d.message == "job 'report' has overlap = \"replace\", which can't hold across the nodes of [cluster]")
        #expect(ConfigFixture.load("[cluster]\n" + Self.job + "overlap = \"replace\"\nscope = \"host\"\n").errors.isEmpty)
    }
}
