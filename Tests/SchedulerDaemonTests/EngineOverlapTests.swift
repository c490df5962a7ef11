import Testing
import SchedulerCore
@testable import SchedulerDaemon

@Suite struct EngineOverlapTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var policy: OverlapPolicy
        /// Run numbers launched while run 1 (started 1010) stays up until 1035, slots every 10 s until 1050.
        var launched: [String]
        var statuses: [RunStatus]
        var signals: Int
        var testDescription: String { policy.rawValue }
    }

    @Test(arguments: [
        Case(policy: .skip, launched: ["o.1@1010", "o.4@1040", "o.5@1050"], statuses: [.skipped, .skipped, .succeeded, .succeeded, .succeeded], signals: 0),
        Case(policy: .queue, launched: ["o.1@1010", "o.2@1035", "o.4@1040", "o.5@1050"], statuses: [.skipped, .succeeded, .succeeded, .succeeded, .succeeded], signals: 0),
        Case(policy: .allow, launched: ["o.1@1010", "o.2@1020", "o.3@1030", "o.4@1040", "o.5@1050"], statuses: [.succeeded, .succeeded, .succeeded, .succeeded, .succeeded], signals: 0),
    ])
    func policies(_ c: Case) {
        var sim = Sim([job("o") { $0.overlap = c.policy }], at: 1_000)
        sim.run(until: 1_010)
        let first = sim.running[0]
        // Runs other than the first end at once; the first ends at 1035.
        for t in stride(from: Int64(1_011), through: 1_050, by: 1) {
            sim.run(until: t)
            if t == 1_035 { sim.exit(first) }
            while let id = sim.running.first(where: { $0 != first }) { sim.exit(id) }
        }
        #expect(zip(sim.launches, sim.launchSeconds).map { "\($0.id.dyno)@\($1)" } == c.launched)
        #expect(sim.statuses() == c.statuses)
        #expect(sim.signals.count == c.signals)
        #expect(sim.launches.allSatisfy { $0.takeLock == (c.policy != .allow) })
    }

    @Test func replaceStopsTheRunningOneThenStarts() {
        var sim = Sim([job("o") { $0.overlap = .replace; $0.killGrace = .seconds(3) }], at: 1_000)
        sim.run(until: 1_010)
        sim.run(until: 1_020)
        #expect(sim.signals.map(\.1) == [.term])
        #expect(sim.launches.count == 1)          // waits for the old one to go
        sim.run(until: 1_023)
        #expect(sim.signals.map(\.1) == [.term, .kill])
        sim.exit(nil, .signaled(9))
        #expect(sim.launches.map(\.id.run) == [1, 2])
        #expect(sim.launches[1].scheduledAt == Instant(seconds: 1_020))
        #expect(sim.statuses() == [.killed])
        #expect(sim.said("Replaced by a new run"))
    }

    @Test func skipMessagesAreRateLimited() {
        var sim = Sim([job("s", every: 5)], at: 1_000)
        sim.run(until: 1_005)
        sim.run(until: 1_200)  // run 1 never ends: 39 skipped slots
        let skips = sim.logs.filter { $0.message.hasPrefix("Skipping: previous run still up since") }
        #expect(sim.statuses().count == 39)
        #expect(skips.count == 4)  // 1010, 1070, 1130, 1190
        #expect(skips[1].message.contains("11 more skipped"))
    }
}
