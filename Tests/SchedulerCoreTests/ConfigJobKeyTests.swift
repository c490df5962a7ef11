import Testing
@testable import SchedulerCore

/// Every job key's valid forms, each compared against a whole expected `Job`.
@Suite struct ConfigJobKeyTests {
    typealias Change = @Sendable (inout Job) throws -> Void

    static func daily(_ t: [String]) throws -> ScheduleSpec { try ScheduleSpec.parseDaily(t) }

    /// The job of `[jobs.backup] command = "true" daily = "03:30"` plus `lines`.
    static func baseJob() throws -> Job {
        Job(name: "backup", command: .shell("true", shell: "/bin/sh"), schedule: try daily(["03:30"]))
    }

    static let rows: [(String, Change)] = [
        ("", { _ in }),
        ("description = \"nightly dump\"", { $0.description = "nightly dump" }),
        ("shell = \"/bin/bash\"", { $0.command = .shell("true", shell: "/bin/bash") }),
        ("timezone = \"UTC\"", { $0.timezone = "UTC" }),
        ("directory = \"/srv/app\"", { $0.directory = "/srv/app" }),
        ("directory = \"~/app\"", { $0.directory = "/home/u/app" }),
        ("directory = \"~\"", { $0.directory = "/home/u" }),
        ("env = { RAILS_ENV = \"production\", PORT = 3000, DEBUG = false, _x1 = \"\" }",
         { $0.env = [("RAILS_ENV", "production"), ("PORT", "3000"), ("DEBUG", "false"), ("_x1", "")] }),
        ("env_file = \"app.env\"", { $0.envFile = "/cfg/app.env" }),
        ("env_file = \"~/app.env\"", { $0.envFile = "/home/u/app.env" }),
        ("env_file = \"/etc/app.env\"", { $0.envFile = "/etc/app.env" }),
        ("timeout = \"1h30m\"", { $0.timeout = .seconds(5400) }),
        ("timeout = 90", { $0.timeout = .seconds(90) }),
        ("timeout = \"none\"", { $0.timeout = nil }),
        ("jitter = \"500ms\"", { $0.jitter = .milliseconds(500) }),
        ("jitter = \"0s\"", { $0.jitter = .zero }),
        ("spread = \"2d\"", { $0.spread = .seconds(172_800) }),
        ("kill_grace = \"0s\"", { $0.killGrace = .zero }),
        ("kill_grace = 30", { $0.killGrace = .seconds(30) }),
        ("retry = 3", { $0.retry.attempts = 3 }),
        ("retry = 0", { $0.retry.attempts = 0 }),
        ("retry = { attempts = 2, delay = \"30s\", factor = 1.5, max_delay = \"5m\" }",
         { $0.retry = RetryPolicy(attempts: 2, delay: .seconds(30), factor: 1.5, maxDelay: .seconds(300)) }),
        ("retry = { factor = 3, delay = \"0s\" }", { $0.retry.factor = 3; $0.retry.delay = .zero }),
        ("[jobs.backup.retry]\nattempts = 4", { $0.retry.attempts = 4 }),
        ("overlap = \"skip\"", { $0.overlap = .skip }),
        ("overlap = \"queue\"", { $0.overlap = .queue }),
        ("overlap = \"replace\"", { $0.overlap = .replace }),
        ("overlap = \"allow\"", { $0.overlap = .allow }),
        ("catch_up = true", { $0.catchUp = true }),
        ("enabled = false", { $0.enabled = false }),
        ("on_failure = \"notify-send failed\"", { $0.onFailure = "notify-send failed" }),
        ("on_success = \"touch /tmp/ok\"", { $0.onSuccess = "touch /tmp/ok" }),
        ("[jobs.backup.env]\nA = \"1\"", { $0.env = [("A", "1")] }),
    ]

    @Test(arguments: rows) func key(lines: String, change: Change) throws {
        let r = ConfigFixture.load("[jobs.backup]\ncommand = \"true\"\ndaily = \"03:30\"\n" + lines + "\n", files: ["/cfg/app.env": "A=1\n", "/home/u/app.env": "", "/etc/app.env": ""])
        #expect(r.diagnostics.map(\.description) == [])
        var expected = try Self.baseJob()
        try change(&expected)
        #expect(r.config?.jobs == [expected])
    }

    static let schedules: [(String, @Sendable () throws -> ScheduleSpec)] = [
        ("every = \"10m\"", { try ScheduleSpec.parseEvery(.seconds(600), at: nil) }),
        ("every = 600", { try ScheduleSpec.parseEvery(.seconds(600), at: nil) }),
        ("every = \"1h\"\nat = \":15\"", { try ScheduleSpec.parseEvery(.seconds(3600), at: ":15") }),
        ("daily = \"03:30\"", { try ScheduleSpec.parseDaily(["03:30"]) }),
        ("daily = [\"09:00\", \"17:30\"]", { try ScheduleSpec.parseDaily(["09:00", "17:30"]) }),
        ("hourly = 15", { try ScheduleSpec.parseHourly(15) }),
        ("weekly = \"mon,thu 09:00\"", { try ScheduleSpec.parseWeekly("mon,thu 09:00") }),
        ("cron = \"*/10 * * * *\"", { try ScheduleSpec.parseCron("*/10 * * * *") }),
    ]

    @Test(arguments: schedules) func schedule(lines: String, expected: @Sendable () throws -> ScheduleSpec) throws {
        let r = ConfigFixture.load("[jobs.s]\ncommand = \"true\"\n" + lines + "\n")
        #expect(r.errors.map(\.description) == [])
        #expect(r.config?.jobs.first?.schedule == (try expected()))
    }

    @Test func execTakesAnArgumentList() {
        let r = ConfigFixture.load("[jobs.dump]\nexec = [\"pg_dump\", \"-f\", \"/tmp/x y\"]\nhourly = 5\n")
        #expect(r.config?.jobs.first?.command == .exec(["pg_dump", "-f", "/tmp/x y"]))
    }

    @Test(arguments: ["backup", "db.backup", "A-b_9", "x", String(repeating: "n", count: 64)])
    func validNames(name: String) {
        let r = ConfigFixture.load("[jobs.\"\(name)\"]\ncommand = \"true\"\nhourly = 5\n")
        #expect(r.errors.map(\.description) == [])
        #expect(r.config?.jobs.map(\.name) == [name])
    }

    @Test func jobsKeepFileOrder() {
        let r = ConfigFixture.load("[jobs.zeta]\ncommand = \"z\"\nhourly = 1\n[jobs.alpha]\ncommand = \"a\"\nhourly = 2\n"
                                   + "[jobs.mid]\ncommand = \"m\"\nhourly = 3\n")
        #expect(r.config?.jobs.map(\.name) == ["zeta", "alpha", "mid"])
    }

    @Test func daemonSettings() {
        let r = ConfigFixture.load("[daemon]\nlog_max_size = \"512KiB\"\nlog_files = 0\nshutdown_grace = \"1m\"\n[jobs.a]\ncommand = \"x\"\nhourly = 1\n")
        var d = DaemonSettings()
        d.logMaxBytes = 512 * 1024; d.logFiles = 0; d.shutdownGrace = .seconds(60)
        #expect(r.errors.map(\.description) == [])
        #expect(r.config?.daemon == d)
    }

    @Test func historySettings() {
        let r = ConfigFixture.load("[daemon]\nhistory_keep = \"7d\"\nhistory_max_size = \"1GB\"\n[jobs.a]\ncommand = \"x\"\nhourly = 1\n")
        #expect(r.errors.map(\.description) == [])
        #expect(r.config?.daemon.historyKeep == .seconds(7 * 86_400))
        #expect(r.config?.daemon.historyMaxBytes == 1 << 30)
        #expect(DaemonSettings().historyKeep == .seconds(30 * 86_400) && DaemonSettings().historyMaxBytes == 100 << 20)
    }

    @Test(arguments: [("\"10MB\"", 10 << 20), ("\"10 MB\"", 10 << 20), ("\"1GB\"", 1 << 30), ("\"2k\"", 2048), ("4096", 4096), ("\"100B\"", 100)])
    func sizes(text: String, bytes: Int) {
        let r = ConfigFixture.load("[daemon]\nlog_max_size = \(text)\n[jobs.a]\ncommand = \"x\"\nhourly = 1\n")
        #expect(r.config?.daemon.logMaxBytes == bytes)
    }

    @Test func emptyConfigIsValidWithAWarning() {
        let r = ConfigFixture.load("# nothing yet\n")
        #expect(r.config?.jobs.isEmpty == true)
        #expect(r.warnings.map(\.message) == ["no jobs defined in /cfg/scheduler.toml"])
    }
}
