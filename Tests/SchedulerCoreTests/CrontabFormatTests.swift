import Testing
@testable import SchedulerCore

/// `import` decides between the system format (a user field after the schedule) and the user format, and says which.
@Suite struct CrontabFormatTests {
    static let hostUsers: Set<String> = ["root", "www-data", "deploy"]
    static func decide(_ name: String, path: String = "-", forced: Bool? = nil) -> CrontabFormat {
        CrontabFormat.decide(CrontabFixtures.text(name), path: path, forced: forced) { hostUsers.contains($0) }
    }

    /// Debian's own files, piped through stdin or copied elsewhere, are recognised by their user field.
    @Test(arguments: ["debian-etc-crontab", "debian-cron.d-e2scrub_all", "debian-cron.d-php", "debian-cron.d-sysstat",
                      "debian-cron.d-certbot"])
    func systemFilesThroughStdin(name: String) {
        let format = Self.decide(name)
        #expect(format.system && format.warning == nil, "\(format)")
        #expect(format.reason.contains("(root)"))
    }

    @Test(arguments: ["crontab-l", "awkward", "rails-whenever"])
    func userFilesStayUser(name: String) {
        let format = Self.decide(name)
        #expect(!format.system && format.warning == nil, "\(format)")
    }

    @Test(arguments: [
        ("/etc/crontab", nil, true, "the path is /etc/crontab"), ("/etc/cron.d/x", nil, true, "the file is in /etc/cron.d"),
        ("/tmp/x", true, true, "--system given"), ("/etc/crontab", false, false, "--user given"),
    ] as [(String, Bool?, Bool, String)])
    func pathAndFlagsDecide(path: String, forced: Bool?, system: Bool, reason: String) {
        let format = Self.decide("crontab-l", path: path, forced: forced)
        #expect(format.system == system && format.reason == reason)
        #expect(format.describe(path).contains("because \(reason)"))
    }

    /// Some entries carry a user field, others don't: user format, and a loud warning naming --system.
    @Test func mixedFileWarns() throws {
        let format = Self.decide("copied-mixed")
        #expect(!format.system)
        let warning = try #require(format.warning)
        #expect(warning.contains("--system") && warning.contains("line 3") && warning.contains("1 of 2"))
    }

    /// A user unknown on this host is not taken for a user field; a user field with no command after it isn't either.
    @Test(arguments: [("0 1 * * * nobodyhere /bin/x\n", false), ("0 1 * * * deploy\n", false),
                      ("0 1 * * * deploy /bin/x\n@daily root run-parts /etc/cron.daily\n", true)])
    func knownUsersOnly(text: String, system: Bool) {
        #expect(CrontabFormat.decide(text, path: "-", forced: nil) { Self.hostUsers.contains($0) }.system == system)
    }
}

/// `scheduler import /etc/crontab /etc/cron.d/*`: one scheduler.toml, each file's variables for its own jobs only.
@Suite struct CrontabSeveralFilesTests {
    @Test func variablesStayWithTheirFile() throws {
        let names = ["debian-etc-crontab", "debian-cron.d-sysstat", "debian-cron.d-certbot", "debian-cron.d-php", "crontab-l"]
        let sources = names.map { CrontabSource(text: CrontabFixtures.text($0), system: $0 != "crontab-l", name: $0) }
        let imported = CrontabConverter.convert(sources)
        let loaded = ConfigFixture.load(imported.toml)
        #expect(loaded.errors.map(\.description) == [], "\(imported.toml)")
        let jobs = try #require(loaded.config?.jobs)
        #expect(jobs.count == 4 + 2 + 1 + 1 + 4 && imported.jobCount == jobs.count)
        #expect(!imported.toml.contains("[defaults]"))
        #expect(Set(jobs.map(\.name)).count == jobs.count)
        func line(_ job: Job) -> String { if case .shell(let c, _) = job.command { c } else { "" } }
        func path(_ job: Job) -> String? { job.env.first { $0.0 == "PATH" }?.1 }
        let sysstat = jobs.filter { line($0).contains("debian-sa1") }
        #expect(sysstat.count == 2 && sysstat.allSatisfy { path($0) == "/usr/lib/sysstat:/usr/sbin:/usr/sbin:/usr/bin:/sbin:/bin" })
        let certbot = try #require(jobs.first { line($0).contains("certbot -q renew") })
        #expect(path(certbot) == "/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin")
        // Neither PATH nor crontab-l's MAILTO leaks into /etc/crontab's or php's jobs.
        for job in jobs where line(job).contains("run-parts") || line(job).contains("sessionclean") {
            #expect(path(job) == nil && job.mailto == nil, "\(job.name)")
        }
        #expect(jobs.filter { $0.mailto == "ops@example.com" }.count == 4)
        #expect(imported.toml.contains("# ---- from debian-cron.d-certbot ----\n\n# /etc/cron.d/certbot: crontab entries"))
        #expect(imported.notes.contains { $0.hasPrefix("debian-cron.d-php: the user field (root)") })
    }
}
