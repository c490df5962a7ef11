import FoundationEssentials
import SystemCalls
import Testing

/// trigger, ps, list, pause/resume and reload against a real daemon in a temporary HOME.
/// Jobs run `every = "366d"`: never due while a test runs (`1h` is due on the hour), so only the tests start them.
@Suite(.serialized) struct DaemonCommandTests {
    static let config = """
    [jobs.quick]
    command = "echo quick $SCHEDULER_RUN_ID"
    every = "366d"

    [jobs.long]
    command = "sleep 3600"
    every = "366d"
    retry = { attempts = 2 }

    [jobs.wide]
    command = "sleep 3600"
    every = "366d"
    overlap = "allow"
    """

    @Test func triggerStartsARunAndPrintsItsID() throws {
        let box = try CLISandbox(config: Self.config)
        let none = try box.run(["trigger", "quick"])
        #expect(none.status == 1)
        #expect(none.err.contains("no daemon is running") && none.err.contains("scheduler daemon"))
        _ = try box.startDaemon()
        let r = try box.run(["trigger", "quick"])
        #expect(r.status == 0)
        #expect(r.out == "quick.1\n")
        #expect(box.waitUntil { box.read(box.log).contains("app[quick.1]: quick quick.1") })
        let detached = try box.run(["run", "--detach", "quick"])
        #expect(detached.out == "quick.2\n")
        let unknown = try box.run(["trigger", "nope"])
        #expect(unknown.status == 2 && unknown.err.contains("no job named 'nope'"))
        // A foreground run while the daemon runs takes its number from the daemon.
        #expect(try box.run(["run", "quick"]).out == "quick quick.3\n")
    }

    @Test func psListsDaemonAndForegroundRunsAndSurvivesADaemonRestart() throws {
        let box = try CLISandbox(config: Self.config)
        #expect(try box.run(["ps"]).out == "No job is running.\n")
        let daemon = try box.startDaemon()
        #expect(try box.run(["trigger", "long"]).out == "long.1\n")
        #expect(try box.run(["trigger", "wide"]).out == "wide.1\n")
        #expect(try box.run(["trigger", "wide"]).out == "wide.2\n")
        let busy = try box.run(["trigger", "long"])
        #expect(busy.status == 1 && busy.err.contains("still running"))
        var ps = ""
        #expect(box.waitUntil { ps = (try? box.run(["ps"]).out) ?? ""; return ps.split(separator: "\n").count == 3 })
        let lines = ps.split(separator: "\n")
        #expect(lines.first { $0.hasPrefix("long.1 ") }?.contains("attempt 1/3") == true)
        #expect(lines.allSatisfy { $0.contains("up for ") && $0.contains("pid ") && $0.hasSuffix("sleep 3600") })
        // The daemon dies and a new one starts: the runs are still there.
        box.kill(daemon)
        #expect(try box.run(["ps"]).out.split(separator: "\n").count == 3)
        _ = try box.startDaemon()
        let after = try box.run(["ps", "--json"]).out
        let runs = try JSONDecoder().decode([PsEntry].self, from: Data(after.utf8))
        #expect(runs.map(\.id).sorted() == ["long.1", "wide.1", "wide.2"])
        #expect(runs.allSatisfy { $0.started_by == "daemon" && $0.pid > 0 && $0.command == "sleep 3600" })
        let again = try box.run(["trigger", "long"])
        #expect(again.status == 1 && again.err.contains("long is already running: long.1"))
    }

    struct PsEntry: Decodable { var id: String; var job: String; var run: Int; var attempt: Int; var attempts: Int; var pid: Int; var started_by: String; var command: String; var up_seconds: Int }

    struct ListOutput: Decodable {
        struct Daemon: Decodable { var running: Bool; var pid: Int? }
        struct Last: Decodable { var id: String; var status: String; var exit_code: Int? }
        struct JobEntry: Decodable { var name: String; var schedule: String; var state: String; var paused: Bool; var next_run: String?; var last_run: Last?; var running: [String] }
        var daemon: Daemon
        var jobs: [JobEntry]
    }

    @Test func listShowsScheduleLastRunStateAndDaemon() throws {
        let box = try CLISandbox(config: Self.config)
        _ = try box.run(["run", "quick"])
        let plain = try box.run(["list"])
        #expect(plain.status == 0)
        let rows = plain.out.split(separator: "\n")
        #expect(rows.first?.hasPrefix("JOB    SCHEDULE        NEXT") == true)
        #expect(rows.first { $0.hasPrefix("quick ") }?.contains("succeeded, ") == true)
        #expect(plain.out.contains("Daemon: not running"))
        let daemon = try box.startDaemon()
        _ = try box.run(["pause", "long"])
        let json = try JSONDecoder().decode(ListOutput.self, from: Data(try box.run(["status", "--json"]).out.utf8))
        #expect(json.daemon.running && json.daemon.pid == Int(daemon))
        #expect(json.jobs.map(\.name) == ["quick", "long", "wide"])
        #expect(json.jobs[0].last_run?.id == "quick.1" && json.jobs[0].last_run?.status == "succeeded")
        #expect(json.jobs[0].schedule == "every 366 days" && json.jobs[0].next_run != nil)
        #expect(json.jobs[1].paused && json.jobs[1].state == "paused" && json.jobs[1].next_run == nil)
        #expect(try box.run(["list"]).out.contains("Daemon: running, pid \(daemon)"))
    }

    @Test func pauseIsPersistedAcrossRestartsAndResumeUndoesIt() throws {
        let box = try CLISandbox(config: Self.config)
        let offline = try box.run(["pause", "quick"])
        #expect(offline.status == 0 && offline.out.contains("no daemon is running"))
        #expect(box.read(box.state + "/paused") == "quick\n")
        #expect(try box.run(["pause", "nope"]).status == 2)
        let daemon = try box.startDaemon()
        let refused = try box.run(["trigger", "quick"])
        #expect(refused.status == 1 && refused.err.contains("paused"))
        box.kill(daemon)
        _ = try box.startDaemon()
        #expect(try box.run(["list"]).out.split(separator: "\n").first { $0.hasPrefix("quick ") }?.hasSuffix("paused") == true)
        let resumed = try box.run(["resume", "quick"])
        #expect(resumed.status == 0 && resumed.out == "Resumed quick\n")
        #expect(!FileSystem.exists(box.state + "/paused"))
        #expect(try box.run(["trigger", "quick"]).out == "quick.1\n")
        #expect(try box.run(["resume", "quick"]).out == "quick is not paused\n")
    }

    @Test func reloadNeedsADaemonAndAValidConfig() throws {
        let box = try CLISandbox(config: Self.config)
        let none = try box.run(["reload"])
        #expect(none.status == 1 && none.err.contains("no daemon is running"))
        _ = try box.startDaemon()
        try box.writeConfig(Self.config + "\n[jobs.extra]\ncommand = \"echo extra\"\nevery = \"366d\"\n")
        let ok = try box.run(["reload"])
        #expect(ok.status == 0 && ok.out.contains("4 jobs"))
        #expect(try box.run(["trigger", "extra"]).out == "extra.1\n")
        try box.writeConfig("[jobs.bad]\ncommand = \"x\"\nevry = \"1h\"\n")
        let bad = try box.run(["reload"])
        #expect(bad.status == 2 && bad.err.contains("scheduler.toml:3:"))
    }

    @Test func controlSocketIsPrivate() throws {
        let box = try CLISandbox(config: Self.config)
        _ = try box.startDaemon()
        let sock = try #require(try FileSystem.listDirectory(box.runtime).first { $0.hasSuffix(".sock") })
        #expect(try FileSystem.stat(box.runtime + "/" + sock).permissions == 0o600)
        #expect(try FileSystem.stat(box.runtime).permissions == 0o700)
    }
}

/// `list`, `next JOB` and the daemon answer "when does this job run next" with one timeline (spread included).
@Suite(.serialized) struct JobTimelineAgreementTests {
    /// Seconds since the epoch of an RFC 3339 instant as `next` and `list --json` print them (TZ=UTC).
    static func seconds(_ text: Substring) -> Double? {
        (try? Date(String(text), strategy: .iso8601)).map { $0.timeIntervalSince1970 }
    }

    @Test func listNextAndTheDaemonsFirstRunAgreeForAJobWithSpread() throws {
        let box = try CLISandbox(config: "")
        try box.writeConfig("""
            [jobs.spread]
            command = "date +%s.%N >> '\(box.dir)/started'"
            every = "10s"
            spread = "9s"
            """)
        let next = try box.run(["next", "spread", "-n", "4"])
        #expect(next.status == 0)
        let times = next.out.split(separator: "\n").compactMap(Self.seconds)
        #expect(times.count == 4)
        let list = try JSONDecoder().decode(DaemonCommandTests.ListOutput.self, from: Data(try box.run(["list", "--json"]).out.utf8))
        let listed = list.jobs.first?.next_run.flatMap { Self.seconds(Substring($0)) }
        // list prints whole seconds; next keeps the spread's fraction.
        #expect(listed.map { l in times.prefix(2).contains { abs($0 - l) < 1 } } == true, "list \(String(describing: listed)), next \(times)")
        _ = try box.startDaemon()
        #expect(box.waitUntil(timeout: 25) { !box.read(box.dir + "/started").isEmpty })
        let first = box.read(box.dir + "/started").split(separator: "\n").first.flatMap { Double($0) }
        // The daemon's first run starts at one of the times `next` printed (it started after the first, perhaps).
        #expect(first.map { f in times.contains { f >= $0 && f - $0 < 1 } } == true, "first run at \(String(describing: first)), next \(times)")
    }
}
