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
        // Skipped slots take no run number; the stretch (1020 and 1030) is one record, written when run 1 ends.
        Case(policy: .skip, launched: ["o.1@1010", "o.2@1040", "o.3@1050"], statuses: [.succeeded, .skipped, .succeeded, .succeeded], signals: 0),
        Case(policy: .queue, launched: ["o.1@1010", "o.2@1035", "o.3@1040", "o.4@1050"], statuses: [.succeeded, .skipped, .succeeded, .succeeded, .succeeded], signals: 0),
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
        #expect(skips.count == 4)  // 1010, 1070, 1130, 1190
        #expect(skips[1].message.contains("11 more skipped"))
        #expect(sim.statuses().isEmpty && sim.engine.pendingSkips("s") == 39)
        sim.exit()
        #expect(sim.statuses() == [.succeeded, .skipped])
        let stretch = sim.records[1]
        #expect(stretch.count == 39 && stretch.firstScheduledAt == Instant(seconds: 1_010) && stretch.scheduledAt == Instant(seconds: 1_200))
        #expect(stretch.startedAt == Instant(seconds: 1_010) && stretch.endedAt == Instant(seconds: 1_200) && stretch.run == 0)
    }

    /// Shutdown writes the stretch of a job still skipping; removing a job writes its stretch.
    @Test func stretchesAreWrittenAtShutdownAndRemoval() {
        var sim = Sim([job("s", every: 5), job("t", every: 5)], at: 1_000)
        sim.run(until: 1_030)
        #expect(sim.engine.pendingSkips("s") == 5 && sim.engine.pendingSkips("t") == 5)
        sim.engine.configReplaced(Config(path: "t", jobs: [job("s", every: 5)]), at: sim.now)
        sim.tick()
        #expect(sim.records.map(\.job) == ["t"] && sim.records[0].count == 5)
        sim.engine.shutdown(at: sim.now)
        sim.tick()
        #expect(sim.records.map(\.job) == ["t", "s"] && sim.records[1].count == 5)
    }
}
