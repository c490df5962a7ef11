import FoundationEssentials
import SystemCalls
import Testing

/// Issue 13 items 8 and 9: what the daemon waits to start (retries, queued runs) in ps and list, and list
/// while the file on disk is broken. Jobs run `every = "366d"`: only the tests start them.
@Suite(.serialized) struct DaemonViewTests {
    static let config = """
    [jobs.flaky]
    command = "exit 3"
    every = "366d"
    retry = { attempts = 2, delay = "1h" }

    [jobs.slow]
    command = "sleep 3600"
    every = "366d"
    overlap = "queue"
    """

    struct Entry: Decodable { var id: String; var state: String; var attempt: Int; var attempts: Int; var pid: Int?; var retry_at: String? }
    struct ListJSON: Decodable {
        struct Job: Decodable { var name: String; var state: String; var pending: [Entry] }
        var config: String
        var config_errors: Int
        var jobs: [Job]
    }

    @Test func retriesAndQueuedRunsShowInPsAndList() throws {
        let box = try CLISandbox(config: Self.config)
        _ = try box.startDaemon()
        #expect(try box.run(["trigger", "flaky"]).out == "flaky.1\n")
        #expect(box.waitUntil { box.read(box.log).contains("Retrying in") })
        #expect(try box.run(["trigger", "slow"]).out == "slow.1\n")
        let queued = try box.run(["trigger", "slow"])
        #expect(queued.out == "slow.2\n" && queued.err.contains("queued"))
        #expect(box.waitUntil { ((try? box.run(["ps"]).out) ?? "").contains("slow.1 ") })
        let ps = try box.run(["ps"]).out.split(separator: "\n")
        let retry = ps.first { $0.hasPrefix("flaky.1 ") }
        #expect(retry?.contains("retrying (attempt 2 of 3 at ") == true, "\(ps)")
        #expect(ps.first { $0.hasPrefix("slow.2 ") }?.contains("queued") == true, "\(ps)")
        let json = try JSONDecoder().decode([Entry].self, from: Data(try box.run(["ps", "--json"]).out.utf8))
        let flaky = try #require(json.first { $0.id == "flaky.1" })
        #expect(flaky.state == "retrying" && flaky.attempt == 2 && flaky.attempts == 3 && flaky.pid == nil && flaky.retry_at != nil)
        #expect(json.first { $0.id == "slow.1" }?.state == "running" && json.first { $0.id == "slow.2" }?.state == "queued")
        #expect(try box.run(["ps", "flaky"]).out.split(separator: "\n").count == 1)
        let list = try box.run(["list"]).out
        #expect(list.split(separator: "\n").first { $0.hasPrefix("flaky ") }?.contains("retrying (attempt 2 of 3 at ") == true, "\(list)")
        let listJSON = try JSONDecoder().decode(ListJSON.self, from: Data(try box.run(["list", "--json"]).out.utf8))
        #expect(listJSON.jobs.first?.pending.first?.state == "retrying" && listJSON.jobs.last?.pending.first?.state == "queued")
    }

    @Test func listShowsWhatTheDaemonRunsWhileTheFileIsBroken() throws {
        let box = try CLISandbox(config: Self.config)
        _ = try box.startDaemon()
        try box.writeConfig(Self.config + "\n[jobs.new\ncommand = \"true\"\n")  // one error: the header is not closed
        let r = try box.run(["list"])
        #expect(r.status == 2, "\(r.err)")
        let rows = r.out.split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("flaky ") && $0.contains("every 366 days") } && rows.contains { $0.hasPrefix("slow ") })
        #expect(!rows.contains { $0.hasPrefix("new ") })
        #expect(r.err.contains("has an error") && r.err.contains("the jobs the daemon runs"), "\(r.err)")
        #expect(r.out.contains("Config: \(box.config) (has errors;"))
        let json = try JSONDecoder().decode(ListJSON.self, from: Data(try box.run(["list", "--json"]).out.utf8))
        #expect(json.config_errors == 1 && json.jobs.map(\.name) == ["flaky", "slow"])
        // trigger checks names against the daemon's jobs when the file is broken.
        let unknown = try box.run(["trigger", "flaki"])
        #expect(unknown.status == 2 && unknown.err.contains("did you mean 'flaky'?"))
    }

    @Test func withoutADaemonABrokenFileIsStillAnError() throws {
        let box = try CLISandbox(config: "[jobs.a]\ncommand = \"true\"\nevry = \"1h\"\n")
        let r = try box.run(["list"])
        #expect(r.status == 2 && r.err.contains("scheduler.toml:3:") && r.out.isEmpty)
    }

    /// A missing config is "not found" with how to create it, not "has errors; 'scheduler check' shows them".
    @Test func aMissingConfigIsNotCalledBroken() throws {
        let box = try CLISandbox(config: "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n")
        for args in [["list"], ["ps"], ["history", "a"], ["logs", "a"], ["pause", "a"], ["run", "a"], ["next"], ["export", "--format", "crontab"]] {
            let r = try box.run(args + ["--config", box.dir + "/nowhere.toml"])
            #expect(r.status == 2 && r.err.contains("not found") && !r.err.contains("has errors"), "\(args): \(r.err)")
        }
    }
}
