import FoundationEssentials
import SystemCalls
import Testing

/// Issue 13 items 7 and 10: job names on the command line are checked the same way everywhere, and
/// logs/history/ps take patterns and --config.
@Suite(.serialized) struct JobNameCommandTests {
    static let config = """
    [jobs."shop.cleanup"]
    command = "echo shop cleanup"
    every = "366d"

    [jobs."shop.report"]
    command = "echo shop report"
    every = "366d"

    [jobs.quick]
    command = "echo quick"
    every = "366d"
    """

    @Test(arguments: [["history", "quik"], ["logs", "quik"], ["ps", "quik"], ["trigger", "quik"], ["run", "quik"],
                      ["run", "--detach", "quik"], ["pause", "quik"], ["resume", "quik"], ["next", "quik"], ["export", "--format", "crontab", "quik"]])
    func anUnknownNameIsAUsageErrorWithAHint(args: [String]) throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(args)
        #expect(r.status == 2, "\(args): \(r.err)")
        #expect(r.err.contains("no job named 'quik'") && r.err.contains("hint: did you mean 'quick'?"), "\(args): \(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test func aPatternThatMatchesNothingIsAnErrorToo() throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(["logs", "blog.*"])
        #expect(r.status == 2 && r.err.contains("no job matches 'blog.*'"))
    }

    @Test func aJobNoLongerInTheConfigButWithHistoryIsFine() throws {
        let box = try CLISandbox(config: Self.config + "\n[jobs.gone]\ncommand = \"echo bye\"\nevery = \"366d\"\n")
        #expect(try box.run(["run", "gone"]).status == 0)
        try box.writeConfig(Self.config)
        let h = try box.run(["history", "gone"])
        #expect(h.status == 0 && h.out.contains("gone ") && h.out.contains("succeeded"), "\(h.err)")
        let l = try box.run(["logs", "gone"])
        #expect(l.status == 0 && l.out.contains("app[gone.1]: bye"), "\(l.err)")
        // Even when history.state does not list it yet: the journal is asked.
        try? FileSystem.unlink(box.state + "/history.state")
        #expect(try box.run(["history", "gone"]).status == 0)
        #expect(try box.run(["ps", "gone"]).out == "No run of gone is running.\n")
    }

    @Test func patternsSelectJobsInLogsAndHistory() throws {
        let box = try CLISandbox(config: Self.config)
        for job in ["shop.cleanup", "shop.report", "quick"] { #expect(try box.run(["run", job]).status == 0) }
        let logs = try box.run(["logs", "shop.*", "--source", "app"])
        #expect(logs.status == 0)
        #expect(logs.out.split(separator: "\n").map { String($0.split(separator: " ", maxSplits: 1)[1]) }
            == ["app[shop.cleanup.1]: shop cleanup", "app[shop.report.1]: shop report"])
        let history = try box.run(["history", "shop.?leanup", "quick", "--json"])
        #expect(history.out.split(separator: "\n").count == 2 && !history.out.contains("shop.report"))
        // A run id keeps the lines of that run (hooks' SCHEDULER_OUTPUT names it so).
        #expect(try box.run(["logs", "quick.1", "--source", "app"]).out.hasSuffix("app[quick.1]: quick\n"))
    }

    @Test func configShowsOnlyThatConfigsJobs() throws {
        let box = try CLISandbox(config: Self.config)
        let other = box.dir + "/other.toml"
        try FileSystem.writeFileAtomically(other, Array("[jobs.blog]\ncommand = \"echo blog\"\nevery = \"366d\"\n".utf8), permissions: 0o600)
        #expect(try box.run(["run", "quick"]).status == 0)
        #expect(try box.run(["run", "--config", other, "blog"]).status == 0)
        let all = try box.run(["history", "--json"]).out
        #expect(all.contains("\"job\":\"quick\"") && all.contains("\"job\":\"blog\""))
        let blog = try box.run(["history", "--config", other, "--json"]).out
        #expect(blog.contains("\"job\":\"blog\"") && !blog.contains("\"job\":\"quick\""))
        let logs = try box.run(["logs", "-c", other, "--source", "app"]).out
        #expect(logs.hasSuffix("app[blog.1]: blog\n") && !logs.contains("quick"))
        // Named with --config, a job of another config that has history is shown; an unknown name is an error.
        let named = try box.run(["history", "--config", other, "quick", "--json"])
        #expect(named.status == 0 && named.out.contains("\"job\":\"quick\""))
        #expect(try box.run(["logs", "--config", other, "quik"]).status == 2)
        #expect(try box.run(["ps", "--config", other]).out == "No job is running.\n")
        // list and status name the config file.
        #expect(try box.run(["list"]).out.contains("Config: \(box.config)\n"))
        #expect(try box.run(["status", "-c", other]).out.contains("Config: \(other)\n"))
    }
}
