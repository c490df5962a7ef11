import FoundationEssentials
import SystemCalls
import Testing
@testable import SchedulerCore

/// `scheduler export --format crontab | scheduler import` gives back the same jobs, for every fixture.
@Suite struct CrontabRoundTripTests {
    /// Every file in Tests/Fixtures/crontab: a fixture added later is covered without being listed here.
    static let fixtures: [String] = {
        var root = #filePath
        for _ in 0..<2 { root = String(root[..<root.lastIndex(of: "/")!]) }
        return ((try? FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/crontab")) ?? []).sorted()
    }()

    /// Where the file would live, so the format is decided as `import FILE` decides it.
    static func path(_ name: String) -> String {
        if name == "debian-etc-crontab" { return "/etc/crontab" }
        if name.hasPrefix("debian-cron.d-") { return "/etc/cron.d/" + name.dropFirst("debian-cron.d-".count) }
        return name
    }

    /// The fixtures the issue asks for are there: a whenever block, Debian's /etc/crontab, package cron.d files.
    @Test func fixturesAreThere() {
        for name in ["whenever-capistrano", "rails-whenever", "debian-etc-crontab", "debian-cron.d-e2scrub_all", "debian-cron.d-mdadm",
                     "debian-cron.d-anacron", "debian-cron.d-certbot", "debian-cron.d-php", "debian-cron.d-sysstat"] {
            #expect(Self.fixtures.contains(name), "\(name)")
        }
    }

    @Test(arguments: CrontabRoundTripTests.fixtures)
    func exportThenImportGivesTheSameJobs(name: String) throws {
        let text = CrontabFixtures.text(name)
        let format = CrontabFormat.decide(text, path: Self.path(name), forced: nil) { $0 == "root" }
        let first = CrontabConverter.convert(text, system: format.system, source: name)
        let jobs = try #require(ConfigFixture.load(first.toml).config?.jobs, "\(first.toml)")
        #expect(!jobs.isEmpty)
        let crontab = CrontabExport.text(jobs, source: name)
        let second = CrontabConverter.convert(crontab, system: false, source: "export")
        let again = try #require(ConfigFixture.load(second.toml).config?.jobs, "\(crontab)\n\(second.toml)")
        let byName = Dictionary(again.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(again.map(\.name).sorted() == jobs.map(\.name).sorted())
        for job in jobs {
            #expect(byName[job.name] == job, "\(job.name)\n--- crontab:\n\(crontab)\n--- imported:\n\(second.toml)")
        }
        // Every entry was read as export's own, none as a foreign flock/timeout wrapper.
        #expect(second.toml.split(separator: "\n").filter { $0.hasPrefix("# was (scheduler export): ") }.count == again.count)
    }

    /// A disabled job is exported as a `# (disabled) ` line and comes back disabled, not dropped nor enabled.
    @Test func disabledJobsComeBackDisabled() throws {
        let weekly = ExportFixture.job("weekly")
        let back = CrontabConverter.convert(CrontabExport.text([weekly], source: "t"), system: false, source: "export")
        let job = try #require(ConfigFixture.load(back.toml).config?.jobs.first, "\(back.toml)")
        #expect(job.name == "weekly" && !job.enabled && job.command == weekly.command && job.timezone == "America/New_York")
        #expect(job.schedule == .cron("0 9 * * 1,4"))
    }

    /// `daily = ["03:30", "15:00"]` needs two cron lines below one `# job:`: both come back as export's.
    @Test func severalLinesOfOneJob() throws {
        var job = Job(name: "backup", command: .shell("pg_dump shop", shell: "/bin/sh"), schedule: .daily(minutes: [210, 900]))
        job.timeout = .seconds(600)
        let back = CrontabConverter.convert(CrontabExport.text([job], source: "t"), system: false, source: "export")
        let jobs = try #require(ConfigFixture.load(back.toml).config?.jobs, "\(back.toml)")
        #expect(jobs.map(\.name) == ["backup", "backup-2"])
        #expect(jobs.map(\.schedule) == [.cron("0 15 * * *"), .cron("30 3 * * *")])
        #expect(jobs.allSatisfy { $0.command == job.command && $0.timeout == job.timeout })
    }

    /// Several files: one file's MAILTO stays its own, and a job without mailto comes back without one.
    @Test func severalFilesWithAndWithoutMail() throws {
        let sources = ["crontab-l", "debian-cron.d-sysstat", "whenever-capistrano"].map {
            CrontabSource(text: CrontabFixtures.text($0), system: $0.hasPrefix("debian-"), name: $0)
        }
        let jobs = try #require(ConfigFixture.load(CrontabConverter.convert(sources).toml).config?.jobs)
        #expect(jobs.contains { $0.mailto == nil } && jobs.contains { $0.mailto != nil })
        let back = CrontabConverter.convert(CrontabExport.text(jobs, source: "t"), system: false, source: "export")
        let again = try #require(ConfigFixture.load(back.toml).config?.jobs, "\(back.toml)")
        let byName = Dictionary(again.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for job in jobs { #expect(byName[job.name] == job, "\(job.name)\n\(back.toml)") }
    }

    @Test func entriesAreTakenApart() throws {
        let script = "export A=1 B=" + ShellQuote.word("it's") + "; cd /srv || exit 1; run it"
        let entry = try #require(ExportedEntry.recognise(
            "flock -n \"$HOME\"/.scheduler-x.lock timeout -k 5s 90s /bin/bash -l -c " + ShellQuote.word(script), job: "x"))
        #expect(entry.shell == ["/bin/bash", "-l"] && entry.overlap == "skip" && entry.timeout == "90s" && entry.killGrace == "5s")
        #expect(entry.env.map { "\($0.0)=\($0.1)" } == ["A=1", "B=it's"] && entry.directory == "/srv" && entry.command == "run it")
        // Another job's lock is not ours: left alone.
        #expect(ExportedEntry.recognise("flock -n \"$HOME\"/.scheduler-y.lock /bin/sh -c 'a'", job: "x") == nil)
        #expect(ExportedEntry.recognise("cd / && run-parts /etc/cron.daily", job: "x")?.command == "cd / && run-parts /etc/cron.daily")
    }
}

/// What cron does with an exported line: `%` rules applied, the field run by /bin/sh -c.
@Suite struct CrontabExportShellTests {
    /// The job's script as the shell sees it after cron: run through a real /bin/sh.
    static func runExported(_ job: Job) throws -> String {
        var gaps: [String] = []
        let field = try #require(CrontabExport.commandLine(job, gaps: &gaps), "\(gaps)")
        #expect(!field.contains("\n") && !field.replacingAll("\\%", with: "").contains("%"))
        let (command, input) = CronPercent.split(field)
        #expect(input == nil)
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "crontab-export")
        defer { try? FileSystem.removeTree(dir) }
        let out = try FileDescriptor.open(dir + "/out", .writeOnly, options: [.create, .truncate])
        let pid = try Spawn.launch(Spawn.Request(executable: "/bin/sh", arguments: ["-c", command], environment: ["PATH": "/usr/bin:/bin", "HOME": dir],
                                                 workingDirectory: dir, standardOutput: .descriptor(out), standardError: .descriptor(out)))
        try out.close()
        _ = try Child.wait(pid)
        return String(decoding: try FileSystem.readFile(dir + "/out"), as: UTF8.self)
    }

    @Test(arguments: [("skip", "/bin/sh"), ("allow", "/bin/sh"), ("allow", "/bin/bash")])
    func multiLineCommandsPercentsAndValuesSurviveCron(overlap: String, shell: String) throws {
        var job = Job(name: "x", command: .shell("echo 'a%b' \"100\\%\"\nprintf '%s|' \"$V\"\nprintf '%s\\n' 'c\\%d'", shell: ShellProgram(shell)),
                      schedule: .cron("0 3 * * *"))
        job.overlap = OverlapPolicy(rawValue: overlap)!
        job.env = [("V", "`id -un` a  b $HOME 5%")]
        #expect(try Self.runExported(job) == "a%b 100\\%\n`id -un` a  b $HOME 5%|c\\%d\n")
    }

    /// `. FILE` would execute the file's values: the job is not exported, and the comment says why.
    @Test func envFileIsRefused() {
        var job = Job(name: "x", command: .shell("env", shell: "/bin/sh"), schedule: .cron("0 3 * * *"))
        job.envFile = "/srv/app/.env"
        let lines = CrontabExport.lines(job)
        #expect(lines.last == "#   not exported")
        #expect(lines.contains { $0.hasPrefix("#   can't say: env_file = \"/srv/app/.env\"") && $0.contains("runs its values as shell code") })
        #expect(!lines.contains { $0.contains(". /srv/app/.env") })
    }
}
