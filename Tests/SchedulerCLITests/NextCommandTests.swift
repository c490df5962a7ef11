import Testing

/// `scheduler next` is driven by checks outside the test suite: its interface and output format are pinned here.
@Suite(.serialized) struct NextCommandTests {
    static let jobs = """
    [jobs.nightly]
    command = "true"
    daily = "02:30"
    timezone = "America/New_York"

    [jobs.often]
    command = "true"
    every = "10m"
    timezone = "UTC"
    """

    @Test(arguments: [
        // Spring-forward gap: 02:30 doesn't exist on 2026-03-08 in New York; it runs once when the gap ends.
        (["--cron", "30 2 * * *", "--tz", "America/New_York", "--after", "2026-03-07T00:00:00Z", "-n", "3"],
         ["2026-03-07T02:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"]),
        // Fall-back overlap: 01:30 happens twice on 2026-11-01; it runs once, at the first.
        (["--daily", "01:30", "--tz", "America/New_York", "--after", "2026-10-31T12:00:00Z", "-n", "2"],
         ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
        // every: aligned slots, strictly after --after, exactly the interval apart across the change.
        (["--every", "30m", "--tz", "America/New_York", "--after", "2026-11-01T05:15:00Z", "-n", "3"],
         ["2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T01:30:00-05:00"]),
        // Debian's day rule: both day fields restricted, so Feb 29 OR any Monday in February.
        (["--cron", "0 0 29 2 mon", "--tz", "UTC", "--after", "2026-01-01T00:00:00Z", "-n", "2"],
         ["2026-02-02T00:00:00+00:00", "2026-02-09T00:00:00+00:00"]),
    ] as [([String], [String])])
    func adHoc(args: [String], expected: [String]) throws {
        let box = try CLISandbox(config: Self.jobs)
        let r = try box.run(["next"] + args)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.split(separator: "\n").map(String.init) == expected)
    }

    @Test func configuredJobs() throws {
        let box = try CLISandbox(config: Self.jobs)
        let one = try box.run(["next", "nightly", "--after", "2026-03-08T00:00:00-05:00"])
        #expect(one.status == 0, "\(one.err)")
        #expect(one.out == "2026-03-08T03:00:00-04:00\n")
        let two = try box.run(["next", "nightly", "often", "-n", "1", "--after", "2026-01-01T00:05:00Z"])
        // Several jobs: an aligned table (issue 13), name, instant, how long after --after.
        #expect(two.out == "nightly  2026-01-01T02:30:00-05:00  in 7h25m\noften    2026-01-01T00:10:00+00:00  in 5m\n")
    }

    @Test(arguments: [["--cron", "0 0 30 2 *"], ["--tz", "Europe/Berlinn", "--every", "1h"], ["nosuchjob"], ["--after", "yesterday", "--every", "1h"]])
    func errorsExitTwo(args: [String]) throws {
        let box = try CLISandbox(config: Self.jobs)
        let r = try box.run(["next"] + args)
        #expect(r.status == 2)
        #expect(!r.err.isEmpty)
    }
}
