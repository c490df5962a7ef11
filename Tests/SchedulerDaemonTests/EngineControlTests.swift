import Testing
import SchedulerCore
@testable import SchedulerDaemon

@Suite struct EngineControlTests {
    static func settings(grace: Int64) -> DaemonSettings {
        var s = DaemonSettings(); s.shutdownGrace = .seconds(grace); return s
    }

    @Test func shutdownWithNothingRunningFinishesAtOnce() {
        var sim = Sim([job("a")], at: 1_000)
        sim.engine.shutdown(at: sim.now)
        sim.tick()
        #expect(sim.finished)
        #expect(sim.launches.isEmpty)
    }

    @Test func shutdownWaitsForRunningJobsThenStartsNothingNew() {
        var sim = Sim([job("a", every: 10), job("b", every: 10) { $0.retry = RetryPolicy(attempts: 3) }], at: 1_000, settings: Self.settings(grace: 30))
        sim.run(until: 1_010)
        sim.engine.shutdown(at: sim.now); sim.tick()
        #expect(sim.lastSleep == Instant(seconds: 1_040))
        sim.exit(RunID(job: "b", run: 1, attempt: 1), .exited(1))   // no retry during shutdown
        sim.run(until: 1_035)
        #expect(sim.launches.count == 2 && !sim.finished)
        sim.exit()
        #expect(sim.finished)
        #expect(sim.signals.isEmpty)
        #expect(sim.statuses() == [.failed, .succeeded])
    }

    @Test func shutdownStopsJobsAfterTheGrace() {
        var sim = Sim([job("a", every: 10) { $0.killGrace = .seconds(5) }], at: 1_000, settings: Self.settings(grace: 30))
        sim.run(until: 1_010)
        sim.engine.shutdown(at: sim.now); sim.tick()
        sim.run(until: 1_040)
        #expect(sim.signals.map(\.1) == [.term])
        sim.run(until: 1_045)
        #expect(sim.signals.map(\.1) == [.term, .kill])
        #expect(!sim.finished)
        sim.exit(nil, .signaled(9))
        #expect(sim.finished)
        #expect(sim.statuses() == [.killed])
    }

    @Test func reloadKeepsRunningProcessesAndRemovedJobFinishes() {
        var sim = Sim([job("a", every: 10), job("b", every: 10)], at: 1_000)
        sim.run(until: 1_010)
        #expect(sim.running.count == 2)
        sim.engine.configReplaced(Config(path: "t", jobs: [job("a", every: 10), job("c", every: 7)]), at: sim.now)
        sim.tick()
        #expect(sim.signals.isEmpty)
        sim.exit(RunID(job: "b", run: 1, attempt: 1))
        #expect(sim.statuses() == [.succeeded])           // the removed job's run is still recorded
        sim.exit(RunID(job: "a", run: 1, attempt: 1))
        let later = sim.runInstant(until: 1_030)
        #expect(later.count == 5)                         // a@1020,1030; c@1015,1022,1029
        #expect(!sim.launches.contains { $0.job.name == "b" && $0.id.run > 1 })
        #expect(sim.launches.filter { $0.job.name == "a" }.map(\.id.run) == [1, 2, 3])
    }

    @Test func reloadWithNewScheduleRecomputesDue() {
        var sim = Sim([job("a", every: 100)], at: 1_000)
        #expect(sim.lastSleep == Instant(seconds: 1_100))
        sim.engine.configReplaced(Config(path: "t", jobs: [job("a", every: 30)]), at: Instant(seconds: 1_001))
        sim.now = Instant(seconds: 1_001); sim.tick()
        #expect(sim.lastSleep == Instant(seconds: 1_020))
        sim.engine.configReplaced(Config(path: "t", jobs: [job("a", every: 30) { $0.enabled = false }]), at: sim.now)
        sim.tick()
        #expect(sim.engine.nextDue(of: "a") == nil)
    }

    @Test func clockBackwardNeverRunsASlotTwice() {
        var sim = Sim([job("a", every: 10)], at: 1_000)
        #expect(sim.runInstant(until: 1_030) == [1_010, 1_020, 1_030])
        sim.now = Instant(seconds: 995)                  // clock set back 35 s
        sim.engine.clockJumped(by: .seconds(-35), now: sim.now); sim.tick()
        #expect(sim.lastSleep == Instant(seconds: 1_040))
        #expect(sim.runInstant(until: 1_040) == [1_040])
        #expect(sim.launches.map(\.scheduledAt.seconds) == [1_010, 1_020, 1_030, 1_040])
    }

    @Test func bigClockBackwardResetsSchedules() {
        var sim = Sim([job("a", every: 10)], at: 100_000)
        _ = sim.runInstant(until: 100_010)
        sim.now = Instant(seconds: 1_000)
        sim.engine.clockJumped(by: .seconds(-99_000), now: sim.now); sim.tick()
        #expect(sim.lastSleep == Instant(seconds: 1_010))
    }

    @Test func clockForwardKeepsElapsedDeadlines() {
        var sim = Sim([job("t", every: 3600) { $0.timeout = .seconds(60) }], at: 0)
        sim.run(until: 3_600)
        sim.now = Instant(seconds: 3_610 + 7_200)        // jumped 2 h forward 10 s after start
        sim.engine.clockJumped(by: .seconds(7_200), now: sim.now); sim.tick()
        #expect(sim.signals.isEmpty)                      // the timeout counts elapsed time
        #expect(sim.launches.count == 1)                  // the 7200 slot is 3610 s late: missed, no catch-up
        #expect(sim.said("Missed"))
        sim.run(until: 3_660 + 7_200)
        #expect(sim.signals.map(\.1) == [.term])
    }

    @Test func triggerNowRespectsOverlap() {
        var sim = Sim([job("a", every: 3600)], at: 1_000)
        let first = sim.engine.triggerNow("a", at: sim.now)
        #expect(first == .started(RunID(job: "a", run: 1, attempt: 1)))
        sim.tick()
        #expect(sim.launches.map(\.scheduledAt.seconds) == [1_000])
        let second = sim.engine.triggerNow("a", at: sim.now)
        #expect(second == .skipped(busySince: Instant(seconds: 1_000)))
        sim.tick()
        #expect(sim.launches.count == 1)
        #expect(sim.statuses() == [] && sim.engine.pendingSkips("a") == 1)  // written when the stretch ends
        sim.exit()
        #expect(sim.statuses() == [.succeeded, .skipped] && sim.records.last?.count == 1)
        let unknown = sim.engine.triggerNow("nope", at: sim.now)
        #expect(unknown == .refused(.unknownJob))
    }

    @Test func triggerNowSaysWhatItDid() {
        var sim = Sim([job("q", every: 3600) { $0.overlap = .queue }, job("r", every: 3600) { $0.overlap = .replace }], at: 1_000)
        #expect(sim.engine.triggerNow("q", at: sim.now) == .started(RunID(job: "q", run: 1, attempt: 1)))
        #expect(sim.engine.triggerNow("q", at: sim.now) == .queued(run: 2))
        #expect(sim.engine.triggerNow("q", at: sim.now) == .skipped(busySince: Instant(seconds: 1_000)))
        sim.tick()
        #expect(sim.engine.triggerNow("r", at: sim.now) == .started(RunID(job: "r", run: 1, attempt: 1)))
        sim.tick()
        #expect(sim.engine.triggerNow("r", at: sim.now) == .queued(run: 2))
        sim.engine.shutdown(at: sim.now)
        #expect(sim.engine.triggerNow("r", at: sim.now) == .refused(.shuttingDown))
    }

    @Test func nextDueNamesTheEarliestJob() {
        let sim = Sim([job("slow", every: 100), job("fast", every: 7)], at: 1_000)
        #expect(sim.engine.nextDue()?.job == "fast")
        #expect(sim.engine.nextDue()?.at == Instant(seconds: 1_001))
    }

    /// Run numbers continue when a job is removed and added again: while the daemon runs (the engine
    /// remembers it) and across restarts (the history state lists every job ever seen).
    @Test func removedAndReAddedJobContinuesItsNumbers() {
        var sim = Sim([job("a", every: 10)], at: 1_000, history: ["gone": JobHistory(lastRun: 40)])
        _ = sim.runInstant(until: 1_020)
        sim.engine.configReplaced(Config(path: "t", jobs: []), at: sim.now)
        #expect(sim.engine.lastRuns["a"]?.lastRun == 2 && sim.engine.lastRuns["gone"]?.lastRun == 40)
        sim.engine.configReplaced(Config(path: "t", jobs: [job("a", every: 10), job("gone", every: 10)]), at: sim.now)
        _ = sim.runInstant(until: 1_030)
        #expect(sim.launches.filter { $0.job.name == "a" }.map(\.id.run) == [1, 2, 3])
        #expect(sim.launches.filter { $0.job.name == "gone" }.map(\.id.run) == [41])
    }
}
