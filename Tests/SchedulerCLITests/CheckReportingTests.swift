import SystemCalls
import Testing

/// Issue 13 item 13: how `check` reports — duplicates don't stop the other checks, quoting hints,
/// at most 50 errors unless --all; and small CLI rules (an option given twice, next's table, zone hints).
@Suite(.serialized) struct CheckReportingTests {
    @Test func aDuplicateKeyIsReportedAndTheRestStillChecked() throws {
        let box = try CLISandbox(config: """
            [jobs.a]
            command = "true"
            command = "false"
            every = "1h"

            [jobs.b]
            command = "true"
            timout = "2h"
            every = "1h"

            [jobs.a]
            command = "x"
            """)
        let r = try box.run(["check"])
        #expect(r.status == 2)
        #expect(r.err.contains("scheduler.toml:3:1: error: duplicate key 'command'"), "\(r.err)")
        #expect(r.err.contains("scheduler.toml:8:1: error: unknown key"), "\(r.err)")
        #expect(r.err.contains("scheduler.toml:11:") && r.err.contains("error: table [jobs.a] is defined twice"), "\(r.err)")
        #expect(r.err.contains(": 3 errors"), "\(r.err)")
    }

    @Test(arguments: [
        ("command = \"grep \"ERROR\" app.log\"", "command = 'grep \"ERROR\" app.log'"),
        ("command = \"echo \"it's\"\"", "command = '''echo \"it's\"'''"),
        ("command = \"echo \"hi", "command = 'echo \"hi'"),
    ])
    func aValueWithQuotesInsideGetsALiteralStringHint(line: String, suggestion: String) throws {
        let box = try CLISandbox(config: "[jobs.a]\nevery = \"1h\"\n\(line)\n")
        let r = try box.run(["check"])
        #expect(r.status == 2)
        #expect(r.err.contains("hint: a value with double quotes inside reads best as a literal string in single quotes: " + suggestion), "\(r.err)")
    }

    @Test func moreThanFiftyErrorsPrintTheFirstFiftyUnlessAll() throws {
        let jobs = (0..<60).map { "[jobs.j\($0)]\ncommand = \"true\"\nevery = \"1h\"\ntimout = \"5m\"\n" }.joined(separator: "\n")
        let box = try CLISandbox(config: jobs)
        let r = try box.run(["check"])
        let shown = r.err.split(separator: "\n").filter { $0.contains(": error: ") }.count
        #expect(r.status == 2 && shown == 50, "\(shown)")
        #expect(r.err.contains("… and 10 more (--all shows them)"))
        #expect(r.err.contains(": 60 errors"))
        let all = try box.run(["check", "--all"])
        #expect(all.err.split(separator: "\n").filter { $0.contains(": error: ") }.count == 60 && !all.err.contains("more (--all"))
        // Other commands cut the same way and say how to see them all.
        let list = try box.run(["list"])
        #expect(list.status == 2 && list.err.contains("… and 10 more ('scheduler check --all' shows them)"))
    }

    @Test func anOptionGivenTwiceIsAnError() throws {
        let box = try CLISandbox(config: "")
        let r = try box.run(["next", "--cron", "0 1 * * *", "--cron", "0 2 * * *"])
        #expect(r.status == 2 && r.err.contains("--cron is given twice ('0 1 * * *' and '0 2 * * *')"), "\(r.err)")
        #expect(try box.run(["next", "--daily", "01:00", "--daily", "02:00", "--tz", "UTC"]).status == 0)  // --daily repeats
    }

    @Test func nextForSeveralJobsPrintsAnAlignedTable() throws {
        let box = try CLISandbox(config: """
            [jobs.nightly]
            command = "true"
            daily = "02:30"
            timezone = "America/New_York"

            [jobs.often_job]
            command = "true"
            every = "10m"
            timezone = "UTC"
            """)
        let r = try box.run(["next", "-n", "2", "--after", "2026-01-01T00:05:00Z"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == """
            nightly    2026-01-01T02:30:00-05:00  in 7h25m
            nightly    2026-01-02T02:30:00-05:00  in 1d7h
            often_job  2026-01-01T00:10:00+00:00  in 5m
            often_job  2026-01-01T00:20:00+00:00  in 15m

            """)
    }

    @Test(arguments: [("JST", "'Asia/Tokyo'"), ("UTC+9", "'Etc/GMT-9'"), ("GMT-5", "'Etc/GMT+5'"), ("IST", "'Asia/Kolkata', 'Europe/Dublin' or 'Asia/Jerusalem'")])
    func zoneHints(zone: String, hint: String) throws {
        let box = try CLISandbox(config: "[jobs.a]\ncommand = \"true\"\ndaily = \"03:30\"\ntimezone = \"\(zone)\"\n")
        let check = try box.run(["check"])
        #expect(check.status == 2 && check.err.contains(hint), "\(check.err)")
        let next = try box.run(["next", "--daily", "03:30", "--tz", zone])
        #expect(next.status == 2 && next.err.contains(hint), "\(next.err)")
    }
}
