import Testing
import SchedulerCore
import SystemCalls
@testable import SchedulerDaemon

@Suite struct TeardownTests {
    @Test func alwaysEndsInSIGKILL() {
        #expect(Teardown.terminate(grace: .seconds(5)).steps == [.init(.term, grace: .seconds(5)), .init(.kill, grace: .zero)])
        #expect(Teardown([]).steps == [.init(.kill, grace: .zero)])
        #expect(Teardown([.init(.int, grace: .seconds(1)), .init(.kill, grace: .zero)]).steps.count == 2)
    }

    @Test func stepsComeDueAfterTheirGrace() {
        let t = Teardown([.init(.int, grace: .seconds(1)), .init(.term, grace: .seconds(3))])
        var p = Teardown.Progress(t, at: Instant(seconds: 100))
        #expect(p.take(at: Instant(seconds: 100))?.signal == .int)
        #expect(p.take(at: Instant(seconds: 100)) == nil)
        #expect(p.dueAt == Instant(seconds: 101))
        #expect(p.take(at: Instant(seconds: 101))?.signal == .term)
        p.shift(by: .seconds(10))  // a wall-clock jump moves the grace along
        #expect(p.take(at: Instant(seconds: 104)) == nil)
        #expect(p.previous?.signal == .term)
        #expect(p.take(at: Instant(seconds: 114))?.signal == .kill)
        #expect(p.dueAt == nil && p.take(at: Instant(seconds: 999)) == nil)
    }

    @Test func exitStatusConvertsOnce() {
        #expect(ExitStatus(.exited(code: 3)) == .exited(3))
        #expect(ExitStatus(.signaled(.term, coreDumped: false)) == .signaled(Signal.term.rawValue))
        #expect(ExitStatus.signaled(9).shellCode == 137 && ExitStatus.spawnFailed("x").shellCode == 1)
    }

    @Test func anEndIsRecordedWithTheDaemonsWords() {
        let id = RunID(job: "b", run: 4, attempt: 1)
        let end = AttemptEnd(id, scheduledAt: Instant(seconds: 1), startedAt: Instant(seconds: 2), endedAt: Instant(seconds: 5),
                             exit: .signaled(Signal.term.rawValue), usage: ResourceUsage(userCPU: 1_500_000_000, maxResidentKiB: 10),
                             stopReason: .timeout, pid: 42)
        #expect(end.record.status == .timedOut && end.record.signal == Signal.term.rawValue && end.record.cpuSeconds == 1.5)
        #expect(end.messages == ["Process exited on signal \(Signal.term.rawValue) (SIGTERM)", "State changed from up to timed out"])
    }
}
