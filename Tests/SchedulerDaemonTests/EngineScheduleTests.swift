import Testing
import SchedulerCore
@testable import SchedulerDaemon

@Suite struct EngineScheduleTests {
    @Test func runsEachSlotOnceAndSleepsUntilTheNext() {
        var sim = Sim([job("a", every: 10)], at: 1_003)
        #expect(sim.lastSleep == Instant(seconds: 1_010))
        let starts = sim.runInstant(until: 1_050)
        #expect(starts == [1_010, 1_020, 1_030, 1_040, 1_050])
        #expect(sim.launches.map(\.id.run) == [1, 2, 3, 4, 5])
        #expect(sim.launches.map(\.scheduledAt.seconds) == [1_010, 1_020, 1_030, 1_040, 1_050])
        #expect(sim.statuses() == Array(repeating: .succeeded, count: 5))
    }

    @Test func disabledJobNeverRunsAndCantBeTriggered() {
        var sim = Sim([job("off") { $0.enabled = false }, job("on")])
        #expect(sim.runInstant(until: 1_100).count == 10)
        #expect(sim.launches.allSatisfy { $0.job.name == "on" })
        let refused = sim.engine.triggerNow("off", at: sim.now); #expect(refused == .refused(.disabled))
        #expect(sim.engine.nextDue(of: "off") == nil)
    }

    @Test func runNumbersContinueFromTheJournal() {
        var sim = Sim([job("a")], history: ["a": JobHistory(lastRun: 41, lastScheduledAt: Instant(seconds: 990))])
        _ = sim.runInstant(until: 1_020)
        #expect(sim.launches.map(\.id.run) == [42, 43])
    }

    @Test func jitterIsWithinRangeAndSeeded() {
        func dues(seed: UInt64) -> [Int64] {
            var sim = Sim([job("j", every: 600) { $0.jitter = .seconds(120) }], at: 1, seed: seed)
            var out: [Int64] = []
            for _ in 0..<20 {
                out.append(sim.lastSleep!.seconds)
                _ = sim.runInstant(until: sim.lastSleep!.seconds + 1)
            }
            return out
        }
        let a = dues(seed: 7), b = dues(seed: 7), c = dues(seed: 8)
        #expect(a == b)
        #expect(a != c)
        for (i, d) in a.enumerated() {
            let slot = Int64(i + 1) * 600
            #expect(d >= slot && d < slot + 120)
        }
        #expect(Set(a.enumerated().map { $0.element - Int64($0.offset + 1) * 600 }).count > 5)
    }

    @Test(arguments: ["host1", "host2", "db-01"])
    func spreadIsStablePerHostAndBelowTheBound(host: String) {
        let d1 = Delays.spread(.seconds(300), host: host, job: "backup")
        let d2 = Delays.spread(.seconds(300), host: host, job: "backup")
        #expect(d1 == d2)
        #expect(d1 >= .zero && d1 < .seconds(300))
        #expect(Delays.spread(nil, host: host, job: "backup") == .zero)
    }

    @Test func spreadDiffersAcrossHostsAndShiftsEverySlot() {
        let hosts = (0..<20).map { "web-\($0)" }
        #expect(Set(hosts.map { Delays.spread(.seconds(3600), host: $0, job: "backup") }).count > 15)
        var sim = Sim([job("s", every: 600) { $0.spread = .seconds(300) }], at: 400)
        let offset = Delays.spread(.seconds(300), host: "host1", job: "s")
        #expect(sim.lastSleep == Instant(seconds: 600) + offset)
        _ = sim.runInstant(until: 1_600)
        #expect(sim.launches.map(\.scheduledAt.seconds) == [600, 1_200])
        #expect(sim.launchSeconds == [600 + offset.nanoseconds / 1_000_000_000, 1_200 + offset.nanoseconds / 1_000_000_000])
    }

    @Test func fnv1aMatchesTheReferenceVectors() {
        #expect(Delays.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(Delays.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(Delays.fnv1a("foobar") == 0x8594_4171_f739_67e8)
    }

    struct CatchUpCase: Sendable, CustomTestStringConvertible {
        var catchUp: Bool
        var lastSlot: Int64?
        var expected: [Int64]  // scheduled_at of runs started at once
        var testDescription: String { "catchUp=\(catchUp) last=\(lastSlot.map(String.init) ?? "none")" }
    }

    @Test(arguments: [
        CatchUpCase(catchUp: true, lastSlot: 700, expected: [1_000]),   // 30 slots missed: one run, latest slot
        CatchUpCase(catchUp: true, lastSlot: 990, expected: [1_000]),   // the 1000 slot missed at 1005
        CatchUpCase(catchUp: false, lastSlot: 700, expected: []),
        CatchUpCase(catchUp: true, lastSlot: nil, expected: []),        // never ran: nothing to catch up
        CatchUpCase(catchUp: true, lastSlot: 1_000, expected: []),      // already ran
    ])
    func catchUpRunsOnceAtStart(_ c: CatchUpCase) {
        let history = c.lastSlot.map { ["c": JobHistory(lastRun: 5, lastScheduledAt: Instant(seconds: $0))] } ?? [:]
        let sim = Sim([job("c") { $0.catchUp = c.catchUp }], at: 1_005, history: history)
        #expect(sim.launches.map(\.scheduledAt.seconds) == c.expected)
        #expect(sim.lastSleep == Instant(seconds: 1_010))
    }

    @Test func catchUpAfterMillionsOfMissedSlotsRunsOnceForTheLatest() {
        // Every second, down for 40 days: 3.5 million missed slots, far past the counting limit.
        let now: Int64 = 1_000 + 40 * 86_400 + 5
        let history = ["c": JobHistory(lastRun: 5, lastScheduledAt: Instant(seconds: 1_000))]
        var sim = Sim([job("c", every: 1) { $0.catchUp = true }], at: now, history: history)
        #expect(sim.launches.map(\.scheduledAt.seconds) == [now])
        #expect(sim.launches.map(\.id.run) == [6])
        #expect(sim.said("Missed more than 100000 run"))
        sim.tick()
        #expect(sim.launches.count == 1)
    }

    @Test func lateWakeCollapsesMissedSlotsIntoTheLatest() {
        var sim = Sim([job("a", every: 10)], at: 1_000)
        sim.now = Instant(seconds: 1_095)  // e.g. suspended, or the clock jumped forward
        sim.tick()
        #expect(sim.launches.map(\.scheduledAt.seconds) == [1_090])
        #expect(sim.said("Missed 8 run(s)"))
        #expect(sim.lastSleep == Instant(seconds: 1_100))
    }

    @Test(arguments: [false, true])
    func slotMoreThanAMinuteLateRunsOnlyWithCatchUp(catchUp: Bool) {
        var sim = Sim([job("a", every: 600) { $0.catchUp = catchUp }], at: 1_000)
        #expect(sim.lastSleep == Instant(seconds: 1_200))
        sim.now = Instant(seconds: 1_390)
        sim.tick()
        #expect(sim.launches.map(\.scheduledAt.seconds) == (catchUp ? [1_200] : []))
        #expect(sim.lastSleep == Instant(seconds: 1_800))
    }
}
