import SchedulerCore
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// Issue 13: what operator commands see — the engine's pending starts and jobs, their wire format,
/// job-name patterns, log timestamps with microseconds, the history's colours.
struct OperatorViewTests {
    @Test func theEngineListsItsRetryAndItsQueuedRun() {
        var sim = Sim([job("r", every: 3600) { $0.retry = RetryPolicy(attempts: 2, delay: .seconds(10)) },
                       job("q", every: 3600) { $0.overlap = .queue }], at: 0)
        sim.run(until: 3600)
        #expect(sim.engine.pendingStarts().isEmpty)
        sim.exit(RunID(job: "r", run: 1, attempt: 1), .exited(1))
        sim.engine.triggerNow("q", at: sim.now)
        let pending = sim.engine.pendingStarts()
        #expect(pending.count == 2)
        #expect(pending.first == PendingStart(kind: .retrying, job: "r", run: 1, attempt: 2, attempts: 3, at: pending.first?.at))
        #expect(pending.first?.at.map { $0 > sim.now } == true)
        #expect(pending.last == PendingStart(kind: .queued, job: "q", run: 2, attempt: 1, attempts: 1, at: nil))
        #expect(sim.engine.plannedJobs().map(\.name) == ["r", "q"])
        #expect(sim.engine.plannedJobs().first?.schedule == "every hour")
    }

    @Test func controlViewsRoundTrip() {
        let p = [PendingStart(kind: .retrying, job: "shop.cleanup", run: 41, attempt: 2, attempts: 3, at: Instant(nanoseconds: 1_800_000_000_123_456_789)),
                 PendingStart(kind: .queued, job: "a-b_c", run: 7, attempt: 1, attempts: 1, at: nil)]
        #expect(ControlViews.decodePending(ControlViews.encode(p)) == p)
        let j = [PlannedJob(name: "backup", schedule: "daily at 03:30", timezone: "Asia/Tokyo", enabled: true, nextDue: Instant(seconds: 5)),
                 PlannedJob(name: "off", schedule: "every 10 minutes", timezone: nil, enabled: false, nextDue: nil)]
        #expect(ControlViews.decodeJobs(ControlViews.encode(j)) == j)
        #expect(ControlViews.decodeJobs("") == [] && ControlViews.decodePending("garbage") == [])
        #expect(!ControlViews.encode(j).contains(where: { $0 == "\n" }))  // one reply line
    }

    @Test(arguments: [
        ("shop.*", "shop.cleanup", true), ("shop.*", "shop", false), ("shop*", "shop", true), ("*.report", "shop.report", true),
        ("b?ckup", "backup", true), ("b?ckup", "bckup", false), ("*", "", true), ("a*b*c", "axxbyyc", true), ("a*b*c", "axxbyy", false),
        ("backup", "backup", true), ("backup", "backup2", false),
    ])
    func globs(pattern: String, name: String, match: Bool) {
        #expect(JobSelector.glob(pattern, matches: name) == match)
    }

    @Test func dynosNameTheirJobAndRun() {
        #expect(JobSelector.job(ofDyno: "backup.41") == "backup")
        #expect(JobSelector.job(ofDyno: "shop.cleanup.41.on_failure") == "shop.cleanup")
        #expect(JobSelector.run(ofDyno: "shop.cleanup.41.on_failure") == "shop.cleanup.41")
        #expect(JobSelector.job(ofDyno: "backup") == "backup" && JobSelector.job(ofDyno: "v1.x") == "v1.x")
        let sel = JobSelector(terms: ["shop.*"], within: nil)
        #expect(sel.matches(dyno: "shop.a.3.mail") && !sel.matches(dyno: "blog.3"))
        let run = JobSelector(terms: ["backup.41"], within: ["backup"])
        #expect(run.matches(dyno: "backup.41") && run.matches(dyno: "backup.41.on_failure") && !run.matches(dyno: "backup.42"))
        #expect(JobSelector.isRun("backup.41", of: ["backup"]) && !JobSelector.isRun("backup", of: ["backup"]))
        let filter = LogFilter(jobs: JobSelector(terms: ["shop.*"]))
        #expect(filter.check("2026-11-28T10:00:00.000001+00:00 app[shop.a.2.on_failure]: paging").pass)
        #expect(!filter.check("2026-11-28T10:00:00.000001+00:00 app[blog.2]: x").pass)
    }

    @Test func logTimestampsHaveMicroseconds() {
        let t = Instant(nanoseconds: 1_795_854_809_123_456_789)
        let tokyo = TimeZoneRules.posix("JST-9")!
        #expect(TimeFormat.logStamp(t, zone: .utc) == "2026-11-28T08:33:29.123456+00:00")
        #expect(TimeFormat.logStamp(t, zone: tokyo) == "2026-11-28T17:33:29.123456+09:00")
        #expect(TimeFormat.logStamp(Instant(seconds: 1_795_854_809), zone: .utc) == "2026-11-28T08:33:29.000000+00:00")
        #expect(TimeFormat.logStamp(Instant(nanoseconds: -1), zone: .utc) == "1969-12-31T23:59:59.999999+00:00")
        // The writer formats the second once and adds the microseconds per line; `logs --since` reads them back.
        #expect(TimeFormat.withMicroseconds(Array("2026-11-28T08:33:29+00:00 ".utf8), t) == Array("2026-11-28T08:33:29.123456+00:00 ".utf8))
        #expect(TimeFormat.parseRFC3339(TimeFormat.logStamp(t, zone: tokyo)) == Instant(nanoseconds: 1_795_854_809_123_456_000))
    }

    @Test func failedRunsAreRedOnlyWhenAsked() {
        let t = Instant(seconds: 1_795_854_809)
        let ok = JournalRecord(job: "a", run: 1, attempt: 1, scheduledAt: t, startedAt: t, endedAt: t, status: .succeeded, exitCode: 0)
        var bad = ok
        bad.status = .failed; bad.exitCode = 1; bad.run = 2
        var killed = ok
        killed.status = .killed; killed.exitCode = nil; killed.signal = 9; killed.run = 3
        let colored = HistoryTable.render([ok, bad, killed], zone: .utc, color: true).split(separator: "\n")
        #expect(!colored[0].contains("\u{1B}") && !colored[1].contains("\u{1B}"))
        #expect(colored[2].hasPrefix("\u{1B}[31m") && colored[2].hasSuffix("\u{1B}[0m") && colored[3].hasPrefix("\u{1B}[31m"))
        #expect(!HistoryTable.render([bad], zone: .utc).contains("\u{1B}"))
    }
}
