import SchedulerCore
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// Hooks and mail run real processes (/bin/sh) in temp dirs.
@Suite(.serialized) struct NotifyHookTests {
    static func shell(_ line: String, env: [String: String] = [:], timeout: Duration = .seconds(10), input: String? = nil) -> HookRequest {
        HookRequest(label: "on_failure", executable: "/bin/sh", arguments: ["-c", line], environment: ["PATH": "/usr/bin:/bin"].merging(env) { $1 },
                    timeout: timeout, input: input.map { Array($0.utf8) })
    }

    @Test func hookSeesItsVariablesAndItsOutputIsKept() {
        let r = HookRunner.run(Self.shell("echo \"$SCHEDULER_JOB $SCHEDULER_STATUS\"; echo oops >&2; exit 4",
                                          env: ["SCHEDULER_JOB": "backup", "SCHEDULER_STATUS": "failed"]))
        #expect(r.status == .exited(code: 4) && !r.timedOut && r.error == nil && !r.succeeded)
        #expect(r.output == ["backup failed", "oops"])
    }

    @Test func onlyTheLastLinesAreKept() {
        let r = HookRunner.run(Self.shell("seq 1 500"))
        #expect(r.succeeded && r.output == (481...500).map(String.init))
    }

    @Test func aHookPastItsTimeoutIsStoppedWithItsChildren() {
        let id = String(UInt64.random(in: 0...UInt64.max))  // tells our sleeps from those of other test runs
        let r = HookRunner.run(Self.shell("sleep 3023 & sleep 3023; echo never", env: ["HOOK_TEST": id], timeout: .milliseconds(300)))
        #expect(r.timedOut && !r.succeeded && r.status == .signaled(.term, coreDumped: false))
        #expect(r.output.isEmpty)
        // The background sleep was in the hook's process group: it got the same signal.
        #expect(waitUntil { processes(matching: "sleep 3023", environment: "HOOK_TEST=" + id).isEmpty })
    }

    @Test func aMissingProgramIsAnErrorNotACrash() {
        let r = HookRunner.run(HookRequest(label: "mail", executable: "/nonexistent/sendmail", arguments: [], environment: [:], timeout: .seconds(1)))
        #expect(r.status == nil && r.error?.contains("No such file") == true)
        let lines = Notifications.logLines(r, label: "mail", dyno: "x.1")
        #expect(lines.first?.message.hasPrefix("mail could not start:") == true)
    }

    @Test func inputGoesToStandardInput() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "hook-test")
        defer { try? FileSystem.removeTree(dir) }
        let r = HookRunner.run(Self.shell("cat > '\(dir)/mail'", input: "To: ops\n\nhello\n"))
        #expect(r.succeeded)
        #expect(String(decoding: try FileSystem.readFile(dir + "/mail"), as: UTF8.self) == "To: ops\n\nhello\n")
    }

    @Test func aHookEndIsLoggedWithItsExitStatus() {
        let r = HookResult(status: .exited(code: 7), output: ["no route to host"])
        #expect(Notifications.logLines(r, label: "on_failure", dyno: "backup.4").map(\.message) == ["on_failure exited with status 7"])
        #expect(Notifications.logLines(HookResult(status: .exited(code: 0)), label: "on_success", dyno: "b.1").map(\.message)
            == ["on_success exited with status 0"])
        #expect(Notifications.logLines(HookResult(status: .signaled(.kill, coreDumped: false)), label: "on_retry", dyno: "b.1")
            .map(\.message) == ["on_retry exited on signal 9 (SIGKILL)"])
        #expect(Notifications.outputDyno("on_failure", dyno: "backup.4") == "backup.4.on_failure")
        #expect(Notifications.outputDyno("mail to ops@example.com", dyno: "backup.4") == "backup.4.mail")
    }

    @Test func everyOutputLineReachesTheLineCallbackInOrder() {
        var lines: [String] = []
        let r = HookRunner.run(Self.shell("i=0; while [ $i -lt 30 ]; do echo line$i; i=$((i+1)); done; printf tail"), line: { lines.append($0) })
        #expect(r.succeeded)
        #expect(lines == (0..<30).map { "line\($0)" } + ["tail"])  // all of them, not only the last 20 kept for hooks' variables
    }

    @Test(arguments: [
        (MailOn.failure, RunReport.Event.failure, false, true), (.failure, .retry, true, false), (.failure, .success, true, false),
        (.output, .success, true, true), (.output, .failure, false, false), (.always, .success, false, true), (.always, .retry, true, false),
    ])
    func whenMailIsSent(on: MailOn, event: RunReport.Event, output: Bool, sent: Bool) {
        #expect(Notifications.wantsMail(on, event: event, hasOutput: output) == sent)
    }

    static var report: RunReport {
        let t = Instant(nanoseconds: 1_800_000_000_000_000_000)
        let rec = JournalRecord(job: "backup", run: 12, attempt: 2, scheduledAt: t, startedAt: t, endedAt: t + .milliseconds(1500),
                                status: .failed, exitCode: 3)
        return RunReport(record: rec, event: .failure, output: ["a", "."], host: "web1")
    }

    @Test func variablesDescribeTheRun() {
        let v = Self.report.variables(zone: .utc)
        #expect(v["SCHEDULER_JOB"] == "backup" && v["SCHEDULER_RUN_ID"] == "backup.12" && v["SCHEDULER_ATTEMPT"] == "2")
        #expect(v["SCHEDULER_STATUS"] == "failed" && v["SCHEDULER_EXIT_CODE"] == "3" && v["SCHEDULER_SIGNAL"] == "")
        #expect(v["SCHEDULER_DURATION"] == "1.500" && v["SCHEDULER_OUTPUT"] == "a\n." && v["SCHEDULER_EVENT"] == "on_failure")
        #expect(v["SCHEDULER_STARTED_AT"] == "2027-01-15T08:00:00+00:00")
    }

    /// Issue 12 finding 10: 20 lines of 8 KiB in SCHEDULER_OUTPUT were over Linux's 128 KiB per-string
    /// limit and the hook failed with E2BIG; now the tail is kept, with a note naming where the rest is.
    @Test func longOutputIsBoundedAndSaysWhereTheRestIs() {
        var r = Self.report
        r.output = (1...20).map { "\($0):" + String(repeating: "x", count: 8190) }
        let v = r.variables(zone: .utc)["SCHEDULER_OUTPUT"] ?? ""
        #expect(v.utf8.count <= RunReport.maxOutputBytes)
        #expect(v.hasPrefix("[output cut to its last 16 KiB; all of it: scheduler logs backup.12]\n"))
        #expect(v.hasSuffix("20:" + String(repeating: "x", count: 8190)))
    }

    @Test func mailHeadersCantBeInjected() {
        let text = Self.report.mail(to: "ops@example.com\nBcc: evil@example.com", command: "pg_dump", zone: .utc)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "To: ops@example.com Bcc: evil@example.com")
        #expect(lines[1] == "Subject: scheduler: job backup failed (exit code 3) on web1")
        #expect(lines.contains("Output (last 2 lines):") && lines.contains(". ") && !lines.contains("."))
    }
}

/// The config keys of hooks, mail and metrics (decoded by the config layer).
@Suite struct NotifyConfigTests {
    static func load(_ text: String) -> ConfigLoadResult {
        ConfigLoader(environment: ["HOME": "/home/u"], userID: nil).parse(text: text, path: "/cfg/scheduler.toml")
    }

    @Test func keysDecodeAndInherit() throws {
        let r = Self.load("""
        [daemon]
        metrics_file = "~/metrics/scheduler.prom"
        hook_timeout = "30s"
        [defaults]
        mailto = "ops@example.com"
        mail_on = "output"
        on_retry = "echo retry"
        [jobs.a]
        hourly = 5
        command = "a"
        [jobs.b]
        hourly = 6
        command = "b"
        mailto = ""
        mail_on = "always"
        """)
        let c = try #require(r.config, "\(r.diagnostics)")
        #expect(c.daemon.metricsFile == "/home/u/metrics/scheduler.prom" && c.daemon.hookTimeout == .seconds(30))
        #expect(c.jobs.map(\.mailto) == ["ops@example.com", ""] && c.jobs.map(\.mailOn) == [.output, .always])
        #expect(c.jobs.map(\.onRetry) == ["echo retry", "echo retry"])
        let plain = try #require(Self.load("[jobs.a]\nhourly = 5\ncommand = \"a\"\n").config)
        #expect(plain.jobs[0].mailOn == .failure && plain.jobs[0].mailto == nil && plain.daemon.hookTimeout == .seconds(60))
    }

    @Test(arguments: [
        ("[daemon]\nmetrics_file = \"metrics.prom\"\n", "'metrics_file' in [daemon] must be an absolute path or start with ~/"),
        ("[daemon]\nhook_timeout = \"0s\"\n", "hook_timeout"),
        ("[defaults]\nmail_on = \"sometimes\"\n", "'mail_on' in [defaults] is 'sometimes'; it must be one of failure, output, always"),
        ("[defaults]\non_retry = \"\"\n", "'on_retry' in [defaults] is empty"),
    ])
    func badValues(text: String, message: String) {
        let errors = Self.load(text + "[jobs.a]\nhourly = 5\ncommand = \"a\"\n").errors
        #expect(errors.count == 1 && errors.first?.message.contains(message) == true, "\(errors)")
    }

    @Test func metricsFileNotEndingInPromIsAWarning() {
        let r = Self.load("[daemon]\nmetrics_file = \"/tmp/x.txt\"\n[jobs.a]\nhourly = 5\ncommand = \"a\"\n")
        #expect(r.config != nil && r.warnings.first?.message.contains(".prom") == true)
    }
}
