import Testing
@testable import SchedulerCore

/// Issue 12 finding 13: a jitter as long as the time between runs is refused by `check` (before, runs
/// went missing and were logged as "clock change or suspend"). The interval of `cron` and `daily` lists
/// is the smallest gap between consecutive slots.
@Suite struct JitterGapTests {
    @Test(arguments: [
        ("every = \"2m\"\njitter = \"6m\"", "6m", "2m"),
        ("every = \"2m\"\njitter = \"2m\"", "2m", "2m"),
        ("daily = [\"09:00\", \"09:10\", \"18:00\"]\njitter = \"15m\"", "15m", "10m"),
        ("cron = \"*/5 9-17 * * 1-5\"\njitter = \"5m\"", "5m", "5m"),
    ])
    func tooLongAJitterIsRefused(_ lines: String, _ jitter: String, _ gap: String) throws {
        let d = try ConfigFixture.only("[jobs.a]\ncommand = \"true\"\n" + lines + "\n").get()
        #expect(d.message == "'jitter' in job 'a' is \(jitter), not shorter than the \(gap) between its runs")
        #expect(d.hint == "the random delay must end before the next run is due: use a jitter under \(gap), or run less often")
        #expect(d.position?.line == 4)
    }

    @Test func anInheritedJitterIsReportedAtTheJob() throws {
        let d = try ConfigFixture.only("[defaults]\njitter = \"2h\"\n[jobs.a]\ncommand = \"true\"\nhourly = 5\n").get()
        #expect(d.message.hasSuffix("not shorter than the 1h between its runs (inherited from [defaults])"))
    }

    @Test(arguments: ["every = \"2m\"\njitter = \"119s\"", "cron = \"0 3 1 * *\"\njitter = \"7d\"", "daily = \"03:00\"\njitter = \"23h\"",
                      "cron = \"@reboot\"\njitter = \"7d\""])
    func aJitterUnderTheGapIsAccepted(_ lines: String) {
        let r = ConfigFixture.load("[jobs.a]\ncommand = \"true\"\n" + lines + "\n")
        #expect(r.errors.isEmpty, "\(r.errors)")
    }
}
