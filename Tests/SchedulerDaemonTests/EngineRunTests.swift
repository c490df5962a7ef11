import Testing
import SchedulerCore
@testable import SchedulerDaemon

@Suite struct EngineRunTests {
    static let retry3 = RetryPolicy(attempts: 2, delay: .seconds(10), factor: 3, maxDelay: .seconds(25))

    @Test func failedRunIsRetriedWithBackoffThenGivesUp() {
        var sim = Sim([job("r", every: 3600) { $0.retry = Self.retry3 }], at: 0)
        sim.run(until: 3600)
        sim.exit(nil, .exited(1))
        let first = sim.lastSleep!.seconds - 3600
        #expect(first >= 10 && first <= 11)  // delay plus at most 10% jitter
        sim.run(until: sim.lastSleep!.seconds + 1)
        #expect(sim.launches.map(\.id.attempt) == [1, 2])
        sim.exit(nil, .exited(2))
        let second = sim.lastSleep!.seconds - sim.now.seconds
        #expect(second >= 25 && second <= 26)  // 10·3 capped at 25
        sim.run(until: sim.lastSleep!.seconds + 1)
        sim.exit(nil, .exited(3))
        #expect(sim.launches.map(\.id.attempt) == [1, 2, 3])
        #expect(Set(sim.launches.map(\.id.run)) == [1])
        #expect(sim.records.map(\.exitCode) == [1, 2, 3])
        #expect(sim.statuses() == [.failed, .failed, .failed])
        #expect(sim.records.allSatisfy { $0.scheduledAt == Instant(seconds: 3600) })
        #expect(sim.said("Giving up after 3 attempts"))
        #expect(sim.lastSleep == Instant(seconds: 7200))
        // Hooks tell on_retry from on_failure by the record's willRetry: the last attempt has none.
        #expect(sim.retriesPlanned.map(\.attempt) == [1, 2])
    }

    @Test func successStopsRetrying() {
        var sim = Sim([job("r", every: 3600) { $0.retry = Self.retry3 }], at: 0)
        sim.run(until: 3600)
        sim.exit(nil, .exited(1))
        sim.run(until: 3700)
        sim.exit()
        #expect(sim.statuses() == [.failed, .succeeded])
        #expect(sim.records.last?.cpuSeconds == 0.5 && sim.records.last?.maxRSSKB == 1234)
    }

    @Test(arguments: [
        (retry: 1, expected: [1, 2] as [Int]),
        (retry: 0, expected: [1] as [Int]),
    ])
    func spawnFailureCountsAsFailedAttempt(retry: Int, expected: [Int]) {
        var sim = Sim([job("x", every: 3600) { $0.retry = RetryPolicy(attempts: retry, delay: .seconds(5)) }], at: 0)
        sim.failLaunches = .error("no such directory")
        sim.run(until: 3700)
        #expect(sim.launches.map(\.id.attempt) == expected)
        #expect(sim.statuses() == Array(repeating: .failed, count: expected.count))
        #expect(sim.said("Process failed to start: no such directory"))
    }

    @Test func timeoutSendsTermThenKillAndRecordsTimedOut() {
        var sim = Sim([job("t", every: 3600) { $0.timeout = .seconds(60); $0.killGrace = .seconds(5) }], at: 0)
        sim.run(until: 3600)
        #expect(sim.lastSleep == Instant(seconds: 3660))
        sim.run(until: 3660)
        #expect(sim.signals.map(\.1) == [.term])
        #expect(sim.lastSleep == Instant(seconds: 3665))
        sim.run(until: 3665)
        #expect(sim.signals.map(\.1) == [.term, .kill])
        sim.run(until: 3700)
        #expect(sim.signals.count == 2)
        sim.exit(nil, .signaled(9))
        #expect(sim.statuses() == [.timedOut])
        #expect(sim.records[0].signal == 9 && sim.records[0].exitCode == nil)
        #expect(sim.said("Timed out after 1m"))
        #expect(sim.said("State changed from up to timed out"))
    }

    @Test func timedOutRunIsRetried() {
        var sim = Sim([job("t", every: 3600) { $0.timeout = .seconds(60); $0.retry = RetryPolicy(attempts: 1, delay: .seconds(1)) }], at: 0)
        sim.run(until: 3660)
        sim.exit(nil, .exited(143))
        sim.run(until: 3670)
        #expect(sim.statuses() == [.timedOut])
        #expect(sim.launches.map(\.id.attempt) == [1, 2])
    }

    @Test func retryNeverOverlapsAnotherRunOfTheJob() {
        var sim = Sim([job("a", every: 10) { $0.overlap = .allow; $0.retry = RetryPolicy(attempts: 1, delay: .seconds(15)) }], at: 1_000)
        sim.run(until: 1_012)
        sim.exit(nil, .exited(1))            // run 1 fails at 1012: retry due at 1027…1028
        sim.run(until: 1_029)                // run 2 started at 1020 and is still up
        #expect(sim.launches.map(\.id.description) == ["a.1", "a.2"])
        sim.exit(RunID(job: "a", run: 2, attempt: 1))
        #expect(sim.launches.map(\.id.description) == ["a.1", "a.2", "a.1 (attempt 2)"])
        #expect(sim.launchSeconds.last == 1_029)
    }

    @Test func lockHeldByAnEarlierRunIsRecordedAsSkipped() {
        var sim = Sim([job("l")], at: 1_000)
        sim.failLaunches = .locked
        sim.run(until: 1_030)
        #expect(sim.statuses() == [])  // a stretch of three, written when a run starts again
        #expect(sim.said("lock is held"))
        #expect(sim.launches.first?.takeLock == true)
        sim.failLaunches = nil
        sim.run(until: 1_040)
        #expect(sim.launches.map(\.id.run) == [1, 2, 3, 4])
        #expect(sim.statuses() == [.skipped] && sim.records[0].count == 3 && sim.records[0].firstScheduledAt == Instant(seconds: 1_010))
    }

    @Test func timeFormatRoundTrips() throws {
        let t = Instant(seconds: 1_795_854_809)
        #expect(TimeFormat.rfc3339(t, zone: .utc) == "2026-11-28T08:33:29+00:00")
        #expect(TimeFormat.parseRFC3339("2026-11-28T17:33:29+09:00") == t)
        #expect(TimeFormat.parseRFC3339("2026-11-28T08:33:29Z") == t)
        #expect(TimeFormat.parseRFC3339("2026-11-28T08:33:29.250Z") == Instant(nanoseconds: t.nanoseconds + 250_000_000))
        #expect(TimeFormat.parseRFC3339("1969-12-31T23:59:59Z") == Instant(seconds: -1))
        #expect(TimeFormat.parseRFC3339("2026-13-28T08:33:29Z") == nil)
        #expect(TimeFormat.parseRFC3339("2026-11-28T08:33:29") == nil)
    }
}
