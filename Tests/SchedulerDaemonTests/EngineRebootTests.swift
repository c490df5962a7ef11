import SchedulerCore
import Testing
@testable import SchedulerDaemon

/// `@reboot`: once, at the daemon's first start after a boot; every decision logged.
@Suite struct EngineRebootTests {
    static func rebootJob(_ name: String = "warm", _ edit: (inout Job) -> Void = { _ in }) -> Job {
        job(name) { $0.schedule = .cron("@reboot"); edit(&$0) }
    }

    func messages(_ sim: Sim, _ name: String) -> [String] { sim.logs.filter { $0.dyno == name }.map(\.message) }

    @Test func firstStartOfABootRunsItOnce() {
        var sim = Sim([Self.rebootJob(), job("tick", every: 10)], boot: .first(bootID: "b1"))
        #expect(sim.launches.map(\.id.job) == ["warm"])
        #expect(messages(sim, "warm").first == "@reboot: runs now: the daemon's first start since the machine booted (boot id b1)")
        sim.exit()
        sim.run(until: 1_100)
        #expect(sim.launches.filter { $0.id.job == "warm" }.count == 1)
        #expect(sim.records.first?.job == "warm" && sim.records.first?.scheduledAt == Instant(seconds: 1_000))
    }

    @Test(arguments: [
        (BootStart.again(bootID: "b1"), "@reboot: not run: this boot already had it (the daemon started before since boot id b1)"),
        (.unknown(reason: "can't read the boot id from /x: ENOENT"),
         "@reboot: not run: can't read the boot id from /x: ENOENT, so a new boot can't be told from a restart"),
    ])
    func otherStartsDontRunIt(boot: BootStart, said: String) {
        var sim = Sim([Self.rebootJob()], boot: boot)
        sim.run(until: 5_000)
        #expect(sim.launches.isEmpty)
        #expect(messages(sim, "warm") == [said])
    }

    @Test func disabledJobSaysSo() {
        let sim = Sim([Self.rebootJob { $0.enabled = false }], boot: .first(bootID: "b1"))
        #expect(sim.launches.isEmpty)
        #expect(messages(sim, "warm").first?.hasPrefix("@reboot: not run: the job is disabled or paused") == true)
    }

    @Test func addedOnReloadWaitsForTheNextBoot() {
        var sim = Sim([job("tick", every: 10)], boot: .first(bootID: "b1"))
        sim.engine.configReplaced(Config(path: "t", jobs: [job("tick", every: 10), Self.rebootJob()]), at: sim.now)
        sim.engine.configReplaced(Config(path: "t", jobs: [Self.rebootJob("tick"), Self.rebootJob()]), at: sim.now)
        sim.tick()
        #expect(!sim.launches.contains { $0.id.job == "warm" })
        for name in ["warm", "tick"] {
            #expect(messages(sim, name).contains { $0.hasPrefix("@reboot: not run: added while the daemon runs") }, "\(name)")
        }
    }
}
