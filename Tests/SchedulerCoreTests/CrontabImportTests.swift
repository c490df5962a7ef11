import FoundationEssentials
import Testing
@testable import SchedulerCore

/// Crontab fixtures in Tests/Fixtures/crontab.
enum CrontabFixtures {
    static func text(_ name: String) -> String {
        var root = #filePath
        for _ in 0..<2 { root = String(root[..<root.lastIndex(of: "/")!]) }
        let data = FileManager.default.contents(atPath: root + "/Fixtures/crontab/" + name) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Imports a fixture and loads the TOML with our own ConfigLoader.
    static func roundTrip(_ name: String, system: Bool) -> (CrontabImport, ConfigLoadResult) {
        let imported = CrontabConverter.convert(text(name), system: system, source: name)
        return (imported, ConfigFixture.load(imported.toml))
    }
}

@Suite struct CrontabImportTests {
    /// Every fixture's TOML passes ConfigLoader, with the same cron strings and commands.
    @Test(arguments: [
        ("debian-etc-crontab", true, [
            ("17 * * * *", "cd / && run-parts --report /etc/cron.hourly"),
            ("25 6 * * *", "test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }"),
            ("47 6 * * 7", "test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }"),
            ("52 6 1 * *", "test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }"),
        ]),
        ("debian-cron.d-e2scrub_all", true, [
            ("30 3 * * 0", "test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron"),
            ("10 3 * * *", "test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r"),
        ]),
        ("crontab-l", false, [
            ("30 2 * * *", "pg_dump shop > /var/backups/shop-$(date +%F).sql"),
            ("*/10 * * * *", "bundle exec rake shop:tasks"),
            ("@reboot", "/home/deploy/bin/start-workers.sh"),
            ("0 9 * * mon-fri", "/usr/bin/curl -fsS https://example.com/ping >/dev/null 2>&1"),
        ]),
    ])
    func fixtureLoads(name: String, system: Bool, expected: [(String, String)]) {
        let (imported, loaded) = CrontabFixtures.roundTrip(name, system: system)
        #expect(loaded.errors.map(\.description) == [], "\(imported.toml)")
        let jobs = loaded.config?.jobs ?? []
        #expect(jobs.map(\.schedule) == expected.map { ScheduleSpec.cron($0.0) })
        #expect(jobs.map(\.command) == expected.map { JobCommand.shell($0.1, shell: "/bin/sh") })
        #expect(imported.jobCount == expected.count)
    }

    @Test func awkwardCrontab() throws {
        let (imported, loaded) = CrontabFixtures.roundTrip("awkward", system: false)
        #expect(loaded.errors.map(\.description) == [])
        let config = try #require(loaded.config)
        let byName = Dictionary(config.jobs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let mail = try #require(byName["mail"])
        #expect(mail.command == .shell("printf '%s' 'Hello\nWorld' | (\nmail -s \"Weekly report\" boss@example.com\n)", shell: "/bin/bash"))
        #expect(mail.timezone == "Europe/Berlin" && mail.mailto == "admin@example.com" && mail.directory == "/srv/app")
        #expect(byName["date"]?.command == .shell("date +%Y-%m-%d >> /tmp/dates.log", shell: "/bin/bash"))
        #expect(byName["backup"]?.schedule == .cron("15 3 * * *"))
        #expect(byName["backup-2"]?.schedule == .cron("@daily"))
        let sync = try #require(byName["sync-thing"])
        #expect(sync.timeout == .seconds(30) && sync.command == .shell("/usr/local/bin/sync-thing --verbose", shell: "/bin/bash"))
        #expect(sync.timezone == "America/New_York")
        #expect(sync.env.first { $0.0 == "PATH" }?.1 == "/opt/bin:/usr/bin")
        #expect(sync.env.first { $0.0 == "TITLE" }?.1 == "it''s \"quoted\"")
        // Wrappers around a compound command stay: without them `&&` would bind differently.
        #expect(config.jobs.contains { $0.command == .shell("flock -n /tmp/z.lock cmd1 && cmd2", shell: "/bin/bash") })
        #expect(config.jobs.count == 11)
        for line in [16, 17, 18, 23] { #expect(imported.notes.contains { $0.hasPrefix("line \(line):") }, "line \(line)") }
        #expect(imported.toml.contains("# not imported (line 17: minute 61 is out of range (0-59)): 61 * * * * echo bad minute"))
        #expect(imported.toml.contains("# stdin through %: cron sends \"Hello\" and \"World\" on two lines to mail\n[jobs.mail]"))
        #expect(imported.toml.hasSuffix("# trailing comment at the end of the file\n"))
    }

    @Test func debianCrontabKeepsCommentsAndNotesUser() {
        let (imported, loaded) = CrontabFixtures.roundTrip("debian-etc-crontab", system: true)
        #expect(loaded.config?.jobs.map(\.name) == ["run-parts-cron-hourly", "run-parts-cron-daily", "run-parts-cron-weekly", "run-parts-cron-monthly"])
        #expect(imported.toml.contains("# /etc/crontab: system-wide crontab\n"))
        #expect(imported.toml.contains("# *  *  *  *  * user-name command to be executed\n[jobs.run-parts-cron-hourly]\n# cron ran this as user 'root'"))
        #expect(imported.notes.contains { $0.contains("user field (root)") })
    }

    /// A file whose every job line is bad says so; "no job lines found" is for a file without any.
    @Test func allJobLinesLeftOutIsNotNoJobLines() {
        let bad = CrontabConverter.convert("61 * * * * echo bad\n* * * echo short\n", system: false, source: "x")
        #expect(bad.jobCount == 0 && bad.notes.last == "no job imported: all 2 job line(s) left out (above)", "\(bad.notes)")
        let empty = CrontabConverter.convert("# only a comment\nA=1\n", system: false, source: "x")
        #expect(empty.notes.last == "no job lines found", "\(empty.notes)")
    }

    @Test(arguments: [
        ("mail -s hi root%line one%line two", "mail -s hi root", "line one\nline two"),
        ("echo 100\\% done", "echo 100% done", nil),
        ("printf 'a\\nb'%", "printf 'a\\nb'", ""),
        ("echo %\\%x%", "echo ", "%x\n"),
        ("ends with backslash\\", "ends with backslash\\", nil),
    ] as [(String, String, String?)])
    func percentRule(raw: String, command: String, input: String?) {
        let r = CronPercent.split(raw)
        #expect(r.command == command && r.input == input)
    }

    @Test(arguments: [
        ("A=1", "A", "1"), ("  NAME = some value  ", "NAME", "some value"), ("Q=\"quoted\"", "Q", "quoted"),
        ("S='single'", "S", "single"), ("E=", "E", ""), ("M=\"half", "M", "\"half"),
    ])
    func variableLines(line: String, name: String, value: String) {
        #expect(CrontabParser.parseLine(line, number: 1, system: false) == .variable(name: name, value: value))
    }

    @Test(arguments: ["*/5 * * * * FOO=bar cmd", "0 0 * * * x=1", "@daily A=b"])
    func jobLinesWithEqualsAreJobs(line: String) {
        guard case .job = CrontabParser.parseLine(line, number: 1, system: false) else {
            Issue.record("\(line) parsed as \(CrontabParser.parseLine(line, number: 1, system: false))"); return
        }
    }

    @Test(arguments: [
        ("flock -n /tmp/x.lock timeout 1h bundle exec rake t", "bundle exec rake t", "/tmp/x.lock", "1h"),
        ("timeout 90 flock -xn l ./run", "./run", "l", "90s"),
        ("flock --nonblock l cmd > log 2>&1", "cmd > log 2>&1", "l", nil),
    ] as [(String, String, String?, String?)])
    func wrappersUnwrap(command: String, rest: String, lock: String?, timeout: String?) {
        #expect(CommandWrappers.unwrap(command) == CommandWrappers(command: rest, lockFile: lock, timeout: timeout))
    }

    @Test(arguments: ["flock l cmd", "flock -n l -c 'cmd'", "flock -n l a; b", "timeout 1.5h cmd", "timeout 5m a | b", "cmd"])
    func wrappersStay(command: String) {
        #expect(CommandWrappers.unwrap(command) == nil)
    }

    @Test func namesAreUniqueAndValid() {
        var namer = JobNamer()
        let names = ["cd /srv && ./bin/backup.sh", "backup.sh", "RAILS_ENV=production bundle exec rake db:vacuum",
                     "run-parts /etc/cron.daily", "[ -x /usr/bin/x ] && /usr/bin/x --go", "ÜBER", "/"].map { namer.name(for: $0) }
        #expect(names == ["backup", "backup-2", "rake-db-vacuum", "run-parts-cron-daily", "x", "ber", "job"])
    }

    @Test(arguments: [
        ("plain", "\"plain\""), ("say \"hi\"", "'say \"hi\"'"), ("it's \"x\"", "\"it's \\\"x\\\"\""),
        ("a\\b", "'a\\b'"), ("tab\there", "\"tab\\there\""), ("nl\n\u{7F}\u{1}", "\"nl\\n\\u007F\\u0001\""),
    ])
    func tomlStrings(value: String, written: String) throws {
        #expect(TOMLText.string(value) == written)
        let r = ConfigFixture.load("[jobs.x]\ncron = \"@daily\"\ncommand = \(written)\n")
        #expect(r.config?.jobs.first?.command == .shell(value, shell: "/bin/sh"))
    }

    @Test func generatedJobsCarryEveryVariableKind() throws {
        let text = "SHELL=/bin/zsh\nRANDOM_DELAY=5\n0 1 * * * one\nMAILTO=\"\"\nCRON_TZ=UTC\n0 2 * * * two\n"
        let imported = CrontabConverter.convert(text, system: false, source: "t")
        let jobs = try #require(ConfigFixture.load(imported.toml).config?.jobs)
        #expect(jobs.map(\.jitter) == [.seconds(300), .seconds(300)])
        #expect(jobs.map(\.mailto) == [nil, ""] && jobs.map(\.timezone) == [nil, "UTC"])
        #expect(jobs.map(\.command) == [.shell("one", shell: "/bin/zsh"), .shell("two", shell: "/bin/zsh")])
    }
}

@Suite struct CrontabWheneverTests {
    /// Rails teams arrive with crontabs the `whenever` gem wrote: each job becomes a clean one.
    @Test func wheneverOutputImports() throws {
        let (imported, loaded) = CrontabFixtures.roundTrip("rails-whenever", system: false)
        let jobs = try #require(loaded.config?.jobs, "\(loaded.errors)")
        #expect(jobs.map(\.name) == ["rake-shop-hourly", "rails-report-nightly", "rake-sitemap-refresh"])
        #expect(jobs.map(\.schedule) == [.cron("0 * * * *"), .cron("30 4 * * *"), .cron("0 0,12 1 */2 *")])
        let login = ShellProgram("/bin/bash", arguments: ["-l"])
        #expect(jobs.map(\.command) == [.shell("bundle exec rake shop:hourly", shell: login),
                                         .shell("bundle exec bin/rails runner -e production 'Report.nightly'", shell: login),
                                         .shell("bundle exec rake sitemap:refresh", shell: login)])
        #expect(jobs.allSatisfy { $0.directory == "/home/deploy/apps/shop/current" })
        #expect(jobs.allSatisfy { $0.env.elementsEqual([("RAILS_ENV", "production")], by: ==) })
        #expect(imported.notes.contains { $0.contains("releases/20240101") && $0.contains("current") })
        #expect(imported.notes.contains { $0.contains(">> log/cron.log 2>&1' was dropped") })
        #expect(imported.toml.contains("# was (whenever): /bin/bash -l -c 'cd /home/deploy/apps/shop/releases/20240101 && "))
        #expect(imported.toml.hasSuffix("# End Whenever generated tasks for: /home/deploy/apps/shop/releases/20240101/config/schedule.rb at: 2024-01-01 10:00:00 +0000\n"))
    }

    @Test func keepRedirectsOnRequest() throws {
        let source = CrontabSource(text: CrontabFixtures.text("rails-whenever"), system: false, name: "w")
        let imported = CrontabConverter.convert([source], keepRedirects: true)
        let jobs = try #require(ConfigFixture.load(imported.toml).config?.jobs)
        #expect(jobs.first?.command == .shell("bundle exec rake shop:hourly >> log/cron.log 2>&1", shell: ShellProgram("/bin/bash", arguments: ["-l"])))
    }

    /// whenever's templates (job_type :command, :runner, :script, :rake); anything else stays as written.
    @Test(arguments: [
        ("/bin/bash -l -c 'echo hi'", "echo hi", nil, nil),
        ("/bin/bash -l -c 'cd /srv/app && bin/rails runner -e production '\\''A.b'\\'' >> /dev/null 2>&1'",
         "bin/rails runner -e production 'A.b'", "/srv/app", ">> /dev/null 2>&1"),
        ("/bin/bash -l -c 'cd /srv/releases/20260101120000 && RAILS_ENV=staging bundle exec script/cleanup >> log/a.log 2>> log/b.log'",
         "bundle exec script/cleanup", "/srv/current", ">> log/a.log 2>> log/b.log"),
        ("/bin/bash -l -c 'cd /a && x >> $HOME/log 2>&1'", "x >> $HOME/log 2>&1", "/a", nil),
    ] as [(String, String, String?, String?)])
    func templates(raw: String, command: String, directory: String?, redirect: String?) throws {
        let job = try #require(WheneverJob.recognise(raw))
        #expect(job.command == command && job.directory == directory && job.redirect == redirect)
    }

    @Test(arguments: ["/bin/bash -c 'x'", "/bin/bash -l -c 'x' && y", "/bin/bash -l -c x", "bundle exec rake t"])
    func notWhenever(raw: String) {
        #expect(WheneverJob.recognise(raw) == nil)
    }
}

/// Meaning kept, or the difference said (cron mails any output; Debian's cron ignores CRON_TZ).
@Suite struct CrontabMeaningTests {
    @Test func mailtoMailsOnOutput() throws {
        let (_, loaded) = CrontabFixtures.roundTrip("crontab-l", system: false)
        let jobs = try #require(loaded.config?.jobs)
        #expect(jobs.allSatisfy { $0.mailto == "ops@example.com" && $0.mailOn == .output })
        let off = CrontabConverter.convert("MAILTO=\"\"\n0 1 * * * x\n", system: false, source: "t")
        #expect(!off.toml.contains("mail_on"))
    }

    @Test func cronTZOnDebianIsNoted() {
        let (imported, _) = CrontabFixtures.roundTrip("awkward", system: false)
        #expect(imported.notes.contains { $0.contains("CRON_TZ=Europe/Berlin: Debian's cron ignores CRON_TZ") })
    }
}

