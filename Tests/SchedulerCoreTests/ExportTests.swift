import Testing
@testable import SchedulerCore

/// A config with every setting the exports translate.
enum ExportFixture {
    static let toml = """
    [defaults]
    timezone = "Europe/Berlin"

    [jobs.backup]
    description = "Nightly backup, 100% \\"safe\\""
    daily = ["03:30", "15:30"]
    command = "pg_dump shop | gzip > /var/backups/shop-$(date +%F).sql.gz"
    timeout = "1h"
    jitter = "5m"
    catch_up = true
    retry = { attempts = 2, delay = "30s" }
    on_failure = "echo failed: $SCHEDULER_JOB"
    env = { RAILS_ENV = "production", QUOTE = "it's \\"x\\" $HOME 50%" }
    directory = "/srv/app"

    [jobs.sitemap]
    every = "10m"
    at = ":05"
    exec = ["/usr/bin/env", "echo", "hello world", "it's"]
    overlap = "allow"
    spread = "1m"

    [jobs.weekly]
    weekly = "mon,thu 09:00"
    command = "echo weekly"
    timezone = "America/New_York"
    enabled = false

    [jobs.odd]
    cron = "*/7 9-17 1,15 * mon-fri"
    command = "printf 'line\\\\n'"

    [jobs.boot]
    cron = "@reboot"
    command = "echo booted"

    [jobs.seven]
    every = "7m"
    command = "echo 7"
    overlap = "replace"
    """

    static var jobs: [Job] {
        let r = ConfigFixture.load(toml)
        precondition(r.errors.isEmpty, "\(r.errors)")
        return r.config!.jobs
    }
    static func job(_ name: String) -> Job { jobs.first { $0.name == name }! }
    /// 2026-12-01T00:00:00Z: DST comments look at clock changes from here on.
    static let now = Instant(seconds: 1_796_083_200)
}

@Suite struct ExportCronFormTests {
    /// The cron form fires exactly when the schedule does (UTC, a week of runs).
    @Test(arguments: [
        ("every = \"10m\"", "*/10 * * * *"), ("every = \"15m\"\nat = \":05\"", "5-59/15 * * * *"),
        ("every = \"1m\"", "* * * * *"), ("every = \"2h\"\nat = \"01:30\"", "30 1-23/2 * * *"),
        ("every = \"1h\"\nat = \":20\"", "20 * * * *"), ("every = \"1d\"\nat = \"04:10\"", "10 4 * * *"),
        ("every = \"1w\"", "0 0 * * 1"), ("hourly = 7", "7 * * * *"),
        ("daily = [\"03:30\", \"15:30\", \"04:00\"]", "0 4 * * *|30 3,15 * * *"),
        ("weekly = \"mon,fri 09:15\"", "15 9 * * 1,5"),
    ])
    func cronFormMatchesSchedule(schedule: String, cron: String) throws {
        let r = ConfigFixture.load("[jobs.x]\ncommand = \"x\"\n\(schedule)\n")
        let spec = try #require(r.config?.jobs.first?.schedule, "\(r.errors)")
        let exprs = try CronForm.expressions(spec).get()
        #expect(exprs.joined(separator: "|") == cron)
        let ours = spec.compile(zone: .utc)
        let theirs = try exprs.map { try ScheduleSpec.parseCron($0).compile(zone: .utc) }
        var t = Instant(nanoseconds: 1_767_225_600_000_000_000)  // 2026-01-01T00:00:00Z
        for _ in 0..<300 {
            let a = try #require(ours.next(after: t))
            let b = try #require(theirs.compactMap { $0.next(after: t) }.min())
            #expect(a == b)
            t = a
        }
    }

    @Test(arguments: ["every = \"7m\"", "every = \"90s\"", "every = \"5h\"", "every = \"45m\""])
    func cronCantSay(schedule: String) throws {
        let spec = try #require(ConfigFixture.load("[jobs.x]\ncommand = \"x\"\n\(schedule)\n").config?.jobs.first?.schedule)
        #expect(throws: ExportGap.self) { try CronForm.expressions(spec).get() }
    }
}

@Suite struct ExportCrontabTests {
    @Test func wrappersAndComments() {
        let lines = CrontabExport.lines(ExportFixture.job("backup"))
        #expect(Array(lines.prefix(2)) == ["# job: backup", "# Nightly backup, 100% \"safe\""])
        #expect(lines.contains("#   can't say: retry = 2 (no retries in cron)"))
        let entry = lines.last!
        #expect(entry.hasPrefix("30 3,15 * * * flock -n \"$HOME\"/.scheduler-backup.lock timeout -k 10s 3600s /bin/sh -c 'set -a") == false)
        #expect(entry.hasPrefix("30 3,15 * * * flock -n \"$HOME\"/.scheduler-backup.lock timeout -k 10s 3600s /bin/sh -c 'export RAILS_ENV=production"))
        // cron turns an unescaped % into a newline: every % is escaped.
        #expect(!entry.replacingAll("\\%", with: "").contains("%"))
        #expect(entry.hasSuffix("cd /srv/app || exit 1; pg_dump shop | gzip > /var/backups/shop-$(date +\\%F).sql.gz'"))
    }

    @Test func fileOrderAndZones() {
        let text = CrontabExport.text(ExportFixture.jobs, source: "t")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.firstIndex(of: "CRON_TZ=America/New_York")! < lines.firstIndex(of: "CRON_TZ=Europe/Berlin")!)
        #expect(lines.contains("# CRON_TZ is cronie's: Debian's cron ignores it and runs the jobs below in the system zone."))
        #expect(lines.contains("# (disabled) 0 9 * * 1,4 flock -n \"$HOME\"/.scheduler-weekly.lock /bin/sh -c 'echo weekly'"))
        #expect(lines.contains("5-59/10 * * * * /usr/bin/env echo 'hello world' 'it'\\''s'"))
        #expect(lines.contains("@reboot flock -n \"$HOME\"/.scheduler-boot.lock /bin/sh -c 'echo booted'"))
        #expect(lines.contains("#   can't say: every = \"7m\" does not divide an hour, a day or a week evenly"))
        #expect(!lines.contains { $0.hasSuffix("echo 7") })
    }

    @Test(arguments: [("plain", "plain"), ("a b", "'a b'"), ("it's", "'it'\\''s'"), ("", "''"), ("$HOME", "'$HOME'")])
    func shellQuoting(word: String, quoted: String) {
        #expect(ShellQuote.word(word) == quoted)
    }
}

@Suite struct ExportSystemdTests {
    @Test(arguments: [
        ("hourly = 7", ["OnCalendar=*-*-* *:07:00"]),
        ("daily = [\"03:30\", \"15:05\"]", ["OnCalendar=*-*-* 03:30:00", "OnCalendar=*-*-* 15:05:00"]),
        ("weekly = \"mon,thu 09:00\"", ["OnCalendar=Mon,Thu *-*-* 09:00:00"]),
        ("every = \"10m\"\nat = \":05\"", ["OnCalendar=*-*-* *:05/10:00"]),
        ("every = \"15s\"", ["OnCalendar=*-*-* *:*:00/15"]),
        ("every = \"6h\"\nat = \"01:30\"", ["OnCalendar=*-*-* 01/6:30:00"]),
        ("cron = \"*/20 3 * * *\"", ["OnCalendar=*-*-* 03:00,20,40:00"]),
        ("cron = \"0 12 1,15 * fri\"", ["OnCalendar=*-*-01,15 12:00:00", "OnCalendar=Fri *-*-* 12:00:00"]),
        ("cron = \"0 12 */2 jan sat\"", ["OnCalendar=Sat *-01-01,03,05,07,09,11,13,15,17,19,21,23,25,27,29,31 12:00:00"]),
        ("cron = \"@reboot\"", ["# @reboot: once when the user's service manager starts", "OnStartupSec=0"]),
    ])
    func calendar(schedule: String, lines: [String]) throws {
        let spec = try #require(ConfigFixture.load("[jobs.x]\ncommand = \"x\"\n\(schedule)\n").config?.jobs.first?.schedule)
        #expect(SystemdCalendar.lines(spec, zone: nil) == lines)
    }

    @Test func unitPair() {
        let units = SystemdExport.units([ExportFixture.job("backup")], source: "t", systemZone: .utc, now: ExportFixture.now)
        #expect(units.map(\.name) == ["scheduler-backup.service", "scheduler-backup.timer"])
        let service = units[0].text.split(separator: "\n").map(String.init)
        #expect(service.contains("Description=scheduler job backup: Nightly backup, 100%% \"safe\""))
        #expect(service.contains("ExecStart=/bin/sh -c \"pg_dump shop | gzip > /var/backups/shop-$$(date +%%F).sql.gz\""))
        #expect(service.contains("Environment=\"QUOTE=it's \\\"x\\\" $HOME 50%%\""))
        #expect(service.contains("RuntimeMaxSec=3600") && service.contains("WorkingDirectory=/srv/app"))
        // systemd sets SERVICE_RESULT/EXIT_CODE/EXIT_STATUS, never SCHEDULER_*: the hook gets them mapped.
        #expect(service.contains("ExecStopPost=/bin/sh -c \"[ \\\"$$SERVICE_RESULT\\\" != success ] || exit 0; export SCHEDULER_JOB=backup "
            + "SCHEDULER_STATUS=\\\"$$SERVICE_RESULT\\\" SCHEDULER_EXIT_CODE=\\\"$$EXIT_STATUS\\\" SCHEDULER_EXIT_REASON=\\\"$$EXIT_CODE\\\"; echo failed: $$SCHEDULER_JOB\""), "\(service)")
        let timer = units[1].text.split(separator: "\n").map(String.init)
        #expect(timer.contains("OnCalendar=*-*-* 03:30:00 Europe/Berlin") && timer.contains("RandomizedDelaySec=300"))
        #expect(timer.contains("Persistent=true") && timer.contains("Unit=scheduler-backup.service"))
    }

    @Test func spreadIsAFixedDelay() {
        let timer = SystemdExport.units([ExportFixture.job("sitemap")], source: "t", systemZone: .utc, now: ExportFixture.now)[1].text
        #expect(timer.contains("RandomizedDelaySec=60\nFixedRandomDelay=true\n"))
    }
}

@Suite struct ExportKubernetesTests {
    static let options = KubernetesExport.Options(image: "registry.example.com/shop:42", commandPrefix: ["bundle", "exec"], namespace: "shop")

    @Test func manifestsParse() throws {
        let docs = try YAMLChecker.documents(try KubernetesExport.yaml(ExportFixture.jobs, options: Self.options, source: "t"))
        #expect(docs.count == 4)  // boot (@reboot) and seven (7m) can't be CronJobs
        let backup = docs[0]
        #expect(backup["apiVersion"] == .string("batch/v1") && backup["kind"] == .string("CronJob"))
        #expect(backup["metadata.name"] == .string("backup") && backup["metadata.namespace"] == .string("shop"))
        #expect(backup["spec.schedule"] == .string("30 3,15 * * *") && backup["spec.timeZone"] == .string("Europe/Berlin"))
        #expect(backup["spec.concurrencyPolicy"] == .string("Forbid") && backup["spec.startingDeadlineSeconds"] == .int(86400))
        #expect(backup["spec.jobTemplate.spec.backoffLimit"] == .int(2))
        #expect(backup["spec.jobTemplate.spec.activeDeadlineSeconds"] == .int(3600))
        let container = "spec.jobTemplate.spec.template.spec.containers.0"
        #expect(backup[container + ".image"] == .string("registry.example.com/shop:42"))
        #expect(backup[container + ".command"] == .list(["bundle", "exec", "/bin/sh", "-c",
                                                         "pg_dump shop | gzip > /var/backups/shop-$$(date +%F).sql.gz"].map(YAMLNode.string)))
        #expect(backup[container + ".env.1"] == .map([("name", .string("QUOTE")), ("value", .string("it's \"x\" $$HOME 50%"))]))
        #expect(docs[1]["spec.concurrencyPolicy"] == .string("Allow") && docs[1]["spec.startingDeadlineSeconds"] == .int(60))
        #expect(docs[2]["spec.suspend"] == .bool(true))
        #expect(docs[3]["spec.schedule"] == .string("*/7 9-17 1,15 * mon-fri"))
    }

    @Test(arguments: ["plain", "quote \" and \\ backslash", "new\nline\ttab", "ctrl \u{1} \u{7F} \u{85}", "üñí €", "- : # { [ ' *"])
    func stringsRoundTrip(s: String) throws {
        #expect(try YAMLChecker.scalar(YAMLWriter.quoted(s), line: 1) == .string(s))
    }

    @Test(arguments: [("db.backup", "db-backup"), ("Nightly_Report", "nightly-report"), ("--x--", "x"), ("__", "job")])
    func resourceNames(job: String, name: String) {
        #expect(KubernetesExport.resourceName(job) == name)
    }

    @Test func checkerRejectsBadYAML() {
        for bad in ["a: b", "a:\n b: 1\n  c: 2", "a: 1\na: 2", "a: \"x", "\ta: 1"] {
            #expect(throws: YAMLError.self, "\(bad)") { try YAMLChecker.documents(bad) }
        }
    }
}
