import Testing
import SystemCalls
import SchedulerCore
@testable import SchedulerDaemon

@Suite struct JobEnvironmentTests {
    static let daemon = ["HOME": "/home/ann", "USER": "ann", "PATH": "/usr/bin", "SECRET": "daemon-only", "TZ": "UTC"]

    static func request(_ edit: (inout Job) -> Void = { _ in }) -> LaunchRequest {
        var j = Job(name: "backup", command: .shell("echo hi", shell: "/bin/bash"), schedule: .every(interval: .seconds(60), offset: .zero))
        edit(&j)
        return LaunchRequest(job: j, id: RunID(job: "backup", run: 12, attempt: 2), scheduledAt: Instant(seconds: 1_795_854_809), takeLock: true)
    }

    /// A 03:30 Tokyo job that runs `date` prints Tokyo time: TZ comes from timezone; env still wins.
    @Test func timezoneSetsTZ() throws {
        #expect(try JobEnvironment.environment(for: Self.request { $0.timezone = "Asia/Tokyo" }, daemon: Self.daemon, zone: .utc)["TZ"] == "Asia/Tokyo")
        #expect(try JobEnvironment.environment(for: Self.request(), daemon: Self.daemon, zone: .utc)["TZ"] == "UTC")
        let own = Self.request { $0.timezone = "Asia/Tokyo"; $0.env = [("TZ", "Europe/Paris")] }
        #expect(try JobEnvironment.environment(for: own, daemon: Self.daemon, zone: .utc)["TZ"] == "Europe/Paris")
    }

    @Test func layersBaseThenEnvFileThenEnvThenSchedulerVariables() throws {
        let r = Self.request {
            $0.envFile = "~/app.env"
            $0.env = [("FROM", "env"), ("SCHEDULER_JOB", "overridden?")]
        }
        var asked = ""
        let env = try JobEnvironment.environment(for: r, daemon: Self.daemon, zone: .utc, readFile: { path in
            asked = path
            return Array("# comment\nexport FROM=file\nDB_URL='postgres://x'\nUSER=svc\n".utf8)
        })
        #expect(asked == "/home/ann/app.env")
        #expect(env["SECRET"] == nil)
        #expect(env["HOME"] == "/home/ann" && env["PATH"] == "/usr/bin" && env["TZ"] == "UTC")
        #expect(env["USER"] == "svc")
        #expect(env["FROM"] == "env")
        #expect(env["DB_URL"] == "postgres://x")
        #expect(env["SCHEDULER_JOB"] == "backup")
        #expect(env["SCHEDULER_RUN_ID"] == "backup.12")
        #expect(env["SCHEDULER_ATTEMPT"] == "2")
        #expect(env["SCHEDULER_SCHEDULED_AT"] == "2026-11-28T08:33:29+00:00")
    }

    /// Issue 12 finding 1: the env file is checked again at each start (it may change after `check`).
    @Test func anEnvFileMadeWritableAfterCheckIsALaunchErrorNamingTheRule() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "envfile")
        defer { try? FileSystem.removeTree(dir) }
        try FileSystem.writeFileAtomically(dir + "/app.env", Array("A=1\n".utf8), permissions: 0o600)
        let r = Self.request { $0.envFile = dir + "/app.env" }
        #expect(try JobEnvironment.environment(for: r, daemon: Self.daemon, zone: .utc)["A"] == "1")
        try FileSystem.changeMode(dir + "/app.env", to: 0o646)
        #expect {
            _ = try JobEnvironment.environment(for: r, daemon: Self.daemon, zone: .utc)
        } throws: { "\($0)".contains("refusing env_file: file '\(dir)/app.env' is writable by everyone (mode 646)") }
    }

    @Test func missingPathGetsADefault() throws {
        let env = try JobEnvironment.environment(for: Self.request(), daemon: [:], zone: .utc)
        #expect(env["PATH"] == "/usr/local/bin:/usr/bin:/bin")
    }

    @Test func badEnvFileIsALaunchError() {
        let r = Self.request { $0.envFile = "/etc/app.env" }
        #expect(throws: LaunchError.self) {
            _ = try JobEnvironment.environment(for: r, daemon: Self.daemon, zone: .utc, readFile: { _ in Array("KEY='unterminated\n".utf8) })
        }
    }

    @Test(arguments: [
        (JobCommand.shell("echo $HOME", shell: "/bin/sh"), "/bin/sh", ["-c", "echo $HOME"]),
        (JobCommand.exec(["/usr/bin/env", "-i", "x"]), "/usr/bin/env", ["-i", "x"]),
    ])
    func argv(_ c: JobCommand, exe: String, args: [String]) {
        #expect(JobEnvironment.argv(c).executable == exe)
        #expect(JobEnvironment.argv(c).arguments == args)
    }

    @Test func workingDirectoryExpandsTilde() {
        #expect(JobEnvironment.workingDirectory(Self.request { $0.directory = "~/srv" }.job, home: "/home/ann") == "/home/ann/srv")
        #expect(JobEnvironment.workingDirectory(Self.request().job, home: "/home/ann") == "/home/ann")
    }

    @Test func historyTableAlignsColumns() {
        let recs = [
            JournalRecord(job: "backup", run: 41, attempt: 1, scheduledAt: Instant(seconds: 0), startedAt: Instant(seconds: 0),
                          endedAt: Instant(seconds: 12), status: .failed, exitCode: 3, cpuSeconds: 0.41, maxRSSKB: 24_576),
            JournalRecord(job: "sync", run: 7, attempt: 2, scheduledAt: Instant(seconds: 0), startedAt: Instant(seconds: 60),
                          endedAt: Instant(seconds: 3_720), status: .timedOut, signal: 9),
        ]
        let lines = HistoryTable.render(recs, zone: .utc).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("JOB     RUN  TRY  STATUS     EXIT   STARTED"))
        #expect(lines[1].hasPrefix("backup   41    1  failed     3      1970-01-01T00:00:00+00:00"))
        #expect(lines[1].hasSuffix("24M"))
        #expect(lines[2].contains("timed_out  sig 9") && lines[2].contains("1h1m"))
        #expect(HistoryTable.render([], zone: .utc) == "No runs recorded yet.\n")
    }
}
