import Testing
@testable import SchedulerCore

/// Whole files: defaults inheritance, all errors at once, warnings.
@Suite struct ConfigLoaderTests {
    @Test func defaultsAreInheritedAndOverridden() throws {
        let toml = """
        [defaults]
        shell = "/bin/bash"
        timezone = "UTC"
        directory = "~/app"
        env = { RAILS_ENV = "production", LANG = "C" }
        env_file = "app.env"
        timeout = "1h"
        jitter = "30s"
        spread = "5m"
        kill_grace = "20s"
        retry = { attempts = 2, delay = "1m" }
        overlap = "queue"
        catch_up = true
        enabled = false
        on_failure = "mail -s failed ops"
        on_success = "true"

        [jobs.inherits]
        command = "rake t"
        every = "10m"

        [jobs.overrides]
        command = "rake u"
        hourly = 5
        timeout = "none"
        env = { LANG = "en_US.UTF-8", EXTRA = "1" }
        retry = 5
        overlap = "allow"
        enabled = true
        """
        let r = ConfigFixture.load(toml, files: ["/cfg/app.env": "A=1\n"])
        #expect(r.diagnostics.map(\.description) == [])
        let jobs = try #require(r.config?.jobs)
        var a = Job(name: "inherits", command: .shell("rake t", shell: "/bin/bash"), schedule: try ScheduleSpec.parseEvery(.seconds(600), at: nil))
        a.timezone = "UTC"; a.directory = "/home/u/app"; a.env = [("RAILS_ENV", "production"), ("LANG", "C")]
        a.envFile = "/cfg/app.env"; a.timeout = .seconds(3600); a.jitter = .seconds(30); a.spread = .seconds(300)
        a.killGrace = .seconds(20); a.retry = RetryPolicy(attempts: 2, delay: .seconds(60)); a.overlap = .queue
        a.catchUp = true; a.enabled = false; a.onFailure = "mail -s failed ops"; a.onSuccess = "true"
        var b = a
        b.name = "overrides"; b.command = .shell("rake u", shell: "/bin/bash"); b.schedule = try ScheduleSpec.parseHourly(5)
        b.timeout = nil; b.env = [("RAILS_ENV", "production"), ("LANG", "en_US.UTF-8"), ("EXTRA", "1")]
        b.retry.attempts = 5; b.overlap = .allow; b.enabled = true
        #expect(jobs == [a, b])
    }

    /// Errors from [daemon], [defaults] and jobs, decoded in another order, come out in file order.
    @Test func allErrorsAtOnceInFileOrder() {
        let toml = """
        [jobs.first]
        command = ""
        daily = "03:30"
        timout = "1h"

        [daemon]
        log_files = "5"

        [jobs.second]
        exec = ["x"]
        every = "10 minutes"
        overlap = "never"

        [defaults]
        jitter = -1

        [jobs.third]
        description = "no command, no schedule"
        """
        let r = ConfigFixture.load(toml)
        #expect(r.config == nil)
        let got = r.diagnostics.map { "\($0.position!.line):\($0.position!.column) \($0.message)" }
        #expect(got == [
            "2:11 'command' in job 'first' is empty",
            "4:1 unknown key 'timout' in job 'first'",
            "7:13 'log_files' in [daemon] must be a number of files, not a string",
            "11:9 'every' in job 'second': '10 minutes' is not a duration",
            "12:11 'overlap' in job 'second' is 'never'; it must be one of skip, queue, replace, allow",
            "15:10 'jitter' in [defaults] can't be negative",
            "17:7 job 'third' has no command",
            "17:7 job 'third' has no schedule",
        ])
    }

    @Test func warningsDontStopTheConfig() {
        let toml = """
        [jobs.a]
        exec = ["true"]
        shell = "/bin/bash"
        directory = "/nowhere"
        hourly = 3
        """
        let r = ConfigFixture.load(toml)
        #expect(r.config?.jobs.count == 1)
        #expect(r.errors.isEmpty)
        #expect(r.warnings.map(Expected.init) == [
            Expected(3, 1, 5, "'shell' in job 'a' has no effect with 'exec'", hint: "exec runs the program without a shell"),
            Expected(4, 13, 10, "'directory' in job 'a': directory '/nowhere' does not exist",
                     hint: "jobs that run there fail to start until it does"),
        ])
    }

    @Test func aMissingDirectoryIsReportedOnce() {
        var toml = ""
        for i in 0..<3 { toml += "[jobs.j\(i)]\ncommand = \"x\"\nhourly = 1\ndirectory = \"/gone\"\n" }
        let r = ConfigFixture.load(toml)
        #expect(r.config?.jobs.count == 3)
        #expect(r.warnings.map { $0.position?.line } == [4])
    }

    /// Big configs are decoded in shards on several cores; the result must not show it.
    @Test func aBigConfigDecodesLikeASmallOne() throws {
        var toml = "[defaults]\ndirectory = \"/gone\"\n"
        for i in 0..<3000 {
            toml += "[jobs.j\(i)]\ncommand = \"x\"\nhourly = \(i % 60)\n"
            if i % 1000 == 999 { toml += "timout = 1\n" }
            if i == 2500 { toml += "directory = \"/gone/too\"\n" }
        }
        let r = ConfigFixture.load(toml)
        #expect(r.config == nil)
        #expect(r.errors.map(\.message) == ["unknown key 'timout' in job 'j999'", "unknown key 'timout' in job 'j1999'",
                                             "unknown key 'timout' in job 'j2999'"])
        #expect(r.warnings.map(\.position?.line) == [2, 7508])
        let valid = ConfigFixture.load(toml.replacing("timout = 1\n", with: ""))
        #expect(try #require(valid.config).jobs.map(\.name) == (0..<3000).map { "j\($0)" })
        #expect(valid.config?.jobs[2500].directory == "/gone/too")
        #expect(valid.config?.jobs[2501].directory == "/gone")
    }

    @Test func errorsInDefaultsAreReportedOnceNotPerJob() {
        var toml = "[defaults]\ntimeout = \"soon\"\n"
        for i in 0..<5 { toml += "[jobs.j\(i)]\ncommand = \"x\"\nhourly = \(i)\n" }
        let r = ConfigFixture.load(toml)
        #expect(r.errors.count == 1)
        #expect(r.errors.first?.position?.line == 2)
    }

    @Test func loadThrowsEveryError() {
        let loader = ConfigFixture.loader(files: [ConfigFixture.path: "[jobs.a]\ncommand = 1\n"])
        #expect {
            _ = try loader.load(path: ConfigFixture.path)
        } throws: { error in
            guard let e = error as? ConfigErrors else { return false }
            return e.diagnostics.map(\.message) == ["job 'a' has no schedule", "'command' in job 'a' must be a string, not an integer"]
        }
    }

    @Test func envFileIsReadOncePerPath() {
        final class Counter: @unchecked Sendable { var reads = 0 }
        let counter = Counter()
        var loader = ConfigFixture.loader()
        loader.files.read = { path in counter.reads += 1; return path == "/cfg/shared.env" ? Array("A=1\n".utf8) : nil }
        var toml = ""
        for i in 0..<20 { toml += "[jobs.j\(i)]\ncommand = \"x\"\nhourly = 1\nenv_file = \"shared.env\"\n" }
        let r = loader.parse(text: toml, path: ConfigFixture.path)
        #expect(r.errors.isEmpty)
        #expect(counter.reads == 1)
    }

    @Test func scheduleErrorOffsetPutsTheCaretOnTheWord() {
        let text = "[jobs.b]\ncommand = \"x\"\ncron = \"0 25 * * *\"\n"
        let decoder = ConfigDecoder(path: "f.toml", bytes: Array(text.utf8),
                                    environment: DecoderEnvironment(home: nil, configDirectory: ".", files: ConfigFixture.loader().files))
        let entry = TOMLTableEntryFactory.make(key: (3, 1), at: (3, 8), value: .string("0 25 * * *"))
        let f = Field(key: "cron", entry: entry, scope: .job("b"))
        decoder.scheduleError(f, ScheduleSyntaxError(message: "hour 25 is out of range", hint: "0 to 23", offset: 2),
                              at: entry.valuePosition, text: "0 25 * * *")
        decoder.scheduleError(f, ScheduleSyntaxError(message: "no offset", hint: nil, offset: nil),
                              at: entry.valuePosition, text: "0 25 * * *")
        #expect(decoder.diagnostics.map(Expected.init) == [
            Expected(3, 11, 2, "'cron' in job 'b': hour 25 is out of range", hint: "0 to 23"),
            Expected(3, 8, 12, "'cron' in job 'b': no offset", hint: nil),
        ])
    }
}
