import Testing
@testable import SchedulerCore

/// Exports that keep every run: one CronJob per cron expression, zones said, DST comments only where true.
@Suite struct ExportKubernetesRunsTests {
    static let options = KubernetesExport.Options(image: "shop:1", systemZone: "Europe/Berlin")

    static func jobs(_ toml: String) throws -> [Job] {
        let r = ConfigFixture.load(toml)
        return try #require(r.config?.jobs, "\(r.errors)")
    }

    /// `daily = ["03:30", "15:00"]` needs two cron expressions: two CronJobs, and no comment claiming otherwise.
    @Test func everyTimeOfADailyListRuns() throws {
        let jobs = try Self.jobs("[jobs.backup]\ncommand = \"x\"\ndaily = [\"03:30\", \"15:00\"]\n")
        let text = try KubernetesExport.yaml(jobs, options: Self.options, source: "t")
        let docs = try YAMLChecker.documents(text)
        #expect(docs.map { $0["metadata.name"] } == [.string("backup-1"), .string("backup-2")])
        #expect(docs.map { $0["spec.schedule"] } == [.string("0 15 * * *"), .string("30 3 * * *")])
        #expect(docs.allSatisfy { $0["metadata.labels.scheduler/job"] == .string("backup") })
        #expect(!text.contains("first only"))
        // Times with one minute share an expression: one CronJob.
        let same = try YAMLChecker.documents(try KubernetesExport.yaml(
            try Self.jobs("[jobs.b]\ncommand = \"x\"\ndaily = [\"03:30\", \"15:30\"]\n"), options: Self.options, source: "t"))
        #expect(same.map { $0["spec.schedule"] } == [.string("30 3,15 * * *")] && same.first?["metadata.name"] == .string("b"))
    }

    @Test func systemZoneFillsInTimeZone() throws {
        let jobs = try Self.jobs("[jobs.a]\ncommand = \"x\"\nhourly = 5\n[jobs.b]\ncommand = \"x\"\nhourly = 5\ntimezone = \"Asia/Tokyo\"\n")
        let text = try KubernetesExport.yaml(jobs, options: Self.options, source: "t")
        let docs = try YAMLChecker.documents(text)
        #expect(docs.map { $0["spec.timeZone"] } == [.string("Europe/Berlin"), .string("Asia/Tokyo")])
        #expect(text.contains("# timeZone is this host's zone (the job has no timezone): Europe/Berlin."))
        let none = try KubernetesExport.yaml(jobs, options: KubernetesExport.Options(image: "i"), source: "t")
        #expect(none.contains("# No timeZone: this host's zone has no IANA name"))
        #expect(KubernetesExport.namedZone(.utc) == "UTC" && KubernetesExport.namedZone(TimeZoneRules.posix("EST5EDT,M3.2.0,M11.1.0")!) == nil)
    }

    /// `a_b` and `a-b` would both be CronJob `a-b`: the second would silently replace the first.
    @Test func twoJobsOneNameFail() throws {
        let jobs = try Self.jobs("[jobs.a_b]\ncommand = \"x\"\nhourly = 1\n[jobs.a-b]\ncommand = \"y\"\nhourly = 2\n")
        #expect(throws: KubernetesExport.NameClash.self) { try KubernetesExport.yaml(jobs, options: Self.options, source: "t") }
        do { _ = try KubernetesExport.yaml(jobs, options: Self.options, source: "t") } catch {
            #expect(error.description == "jobs 'a_b' and 'a-b' both become the CronJob name 'a-b' (Kubernetes names are lowercase "
                + "letters, digits and '-'): rename one of them")
        }
    }

    @Test func hostPathsAreSaid() throws {
        let jobs = try Self.jobs("[jobs.a]\ncommand = \"x\"\nhourly = 1\ndirectory = \"/srv/app\"\nenv = { PATH = \"/opt/bin:/usr/bin\" }\n")
        let text = try KubernetesExport.yaml(jobs, options: Self.options, source: "t")
        #expect(text.contains("# workingDir \"/srv/app\" is a directory on this host: the image must have it."))
        #expect(text.contains("# env PATH \"/opt/bin:/usr/bin\" names directories on this host: the image's may differ."))
    }
}

@Suite struct ExportSystemdDSTTests {
    static func timer(_ schedule: String, zone: String) throws -> String {
        let r = ConfigFixture.load("[jobs.x]\ncommand = \"x\"\n\(schedule)\n")
        let jobs = try #require(r.config?.jobs, "\(r.errors)")
        return SystemdExport.units(jobs, source: "t", systemZone: try TimeZoneRules.load(named: zone), now: ExportFixture.now)[1].text
    }

    static func dst(_ text: String) -> [String] { text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("# DST") || $0.hasPrefix("# every") } }

    @Test(arguments: [
        ("daily = \"02:30\"", "Europe/Berlin", [
            "# DST: on 2027-03-28 Europe/Berlin moves its clocks from 02:00 to 03:00, so 02:30 does not exist: scheduler runs it at 03:00, systemd skips it that day.",
            "# DST: on 2027-10-31 Europe/Berlin moves its clocks from 03:00 to 02:00, so 02:30 comes twice: scheduler runs each once, at the first; systemd also once.",
        ]),
        ("daily = [\"01:30\", \"04:00\"]", "Europe/Berlin", []),
        ("daily = \"02:30\"", "UTC", []),
        ("daily = \"02:30\"", "Asia/Tokyo", []),
        ("weekly = \"mon 02:30\"", "Europe/Berlin", []),  // the changes are on Sundays
        ("daily = \"01:30\"", "America/New_York", [
            "# DST: on 2027-11-07 America/New_York moves its clocks from 02:00 to 01:00, so 01:30 comes twice: scheduler runs each once, at the first; systemd also once.",
        ]),
        ("hourly = 30", "Europe/Berlin", [
            "# DST: on 2027-10-31 Europe/Berlin moves its clocks from 03:00 to 02:00: scheduler runs 02:30 in both passes of the repeated time, systemd once at most.",
        ]),
        ("cron = \"*/20 * * * *\"", "Europe/Berlin", [
            "# DST: on 2027-10-31 Europe/Berlin moves its clocks from 03:00 to 02:00: scheduler runs 02:00, 02:20, 02:40 in both passes of the repeated time, systemd once at most.",
        ]),
        ("cron = \"30 2 1 * *\"", "Europe/Berlin", []),  // changes fall on Sundays at the end of the month
        ("every = \"6h\"", "Europe/Berlin", [
            "# every counts from standard time: while Europe/Berlin is 60 minutes ahead of it (summer time), scheduler runs 60 minutes later on the clock than these times.",
        ]),
        ("every = \"10m\"", "Europe/Berlin", [
            "# DST: on 2027-10-31 Europe/Berlin moves its clocks from 03:00 to 02:00: every counts elapsed time, so scheduler runs 02:00, 02:10, 02:20, 02:30, … again in the repeated time, systemd once at most.",
        ]),
        ("every = \"1h\"", "Europe/Berlin", [
            "# DST: on 2027-10-31 Europe/Berlin moves its clocks from 03:00 to 02:00: every counts elapsed time, so scheduler runs 02:00 again in the repeated time, systemd once at most.",
        ]),
        ("every = \"6h\"\nat = \"02:00\"", "Europe/Berlin", [
            "# every counts from standard time: while Europe/Berlin is 60 minutes ahead of it (summer time), scheduler runs 60 minutes later on the clock than these times.",
        ]),
    ])
    func commentsOnlyWhereTheTimesMeetAChange(schedule: String, zone: String, expected: [String]) throws {
        #expect(Self.dst(try Self.timer(schedule, zone: zone)) == expected)
    }
}

/// `every` counts from standard time: in summer the runs sit later on the clock than a cron line says.
@Suite struct ExportEverySummerTests {
    @Test func crontabAndKubernetesSayIt() throws {
        let jobs = try ExportKubernetesRunsTests.jobs("[jobs.s]\ncommand = \"x\"\nevery = \"6h\"\n[jobs.t]\ncommand = \"x\"\nevery = \"10m\"\n")
        let berlin = try TimeZoneRules.load(named: "Europe/Berlin")
        let said = "every counts from standard time: while Europe/Berlin is 60 minutes ahead of it (summer time), scheduler runs "
            + "60 minutes later on the clock than"
        let crontab = CrontabExport.text(jobs, source: "t", systemZone: berlin, now: ExportFixture.now)
        #expect(crontab.contains("# job: s\n#   can't say: every counts elapsed time; cron reads the clock (DST days differ)\n#   can't say: " + said + " this line.\n0 0-23/6 * * * "), "\(crontab)")
        #expect(!crontab.contains("# job: t\n#   can't say: every counts elapsed time; cron reads the clock (DST days differ)\n#   can't say: every counts from"))
        #expect(!CrontabExport.text(jobs, source: "t", systemZone: .utc, now: ExportFixture.now).contains(said))
        let options = KubernetesExport.Options(image: "i", systemZone: "Europe/Berlin", now: ExportFixture.now)
        let yaml = try KubernetesExport.yaml(jobs, options: options, source: "t")
        #expect(yaml.split(separator: "\n").filter { $0.hasPrefix("# " + said) }.count == 1)
    }
}
