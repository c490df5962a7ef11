import SchedulerCore
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// The daemon keeps history.state beside the journal and starts from it.
@Suite(.serialized) struct DaemonHistoryStateTests {
    /// An older state file is rebuilt from the journal and reported once; the next start uses the new file.
    @Test func olderStateFileIsRebuiltOnceAndNumbersContinue() throws {
        let box = try DaemonSandbox(config: "[jobs.tick]\ncommand = \"true\"\nevery = \"1s\"\n")
        try FileSystem.makeDirectories(box.paths.state, permissions: 0o700)
        let old = (1...500).map { JournalRecord(job: $0 % 2 == 0 ? "tick" : "removed", run: $0, attempt: 1, scheduledAt: Instant(seconds: 1_000 + Int64($0)),
                                                startedAt: Instant(seconds: 1_000), endedAt: Instant(seconds: 1_001), status: .succeeded) }
        try Journal(path: box.paths.journal, zone: .utc).append(contentsOf: old)
        try FileSystem.writeFileAtomically(box.paths.historyState, Array("scheduler-history-state 0\ntick 500\n".utf8), permissions: 0o600)

        let first = try box.startDaemon("first")
        #expect(box.wait { box.records.contains { $0.run == 501 } })
        #expect(try box.stop(first) == .exited(code: 0))
        #expect(box.log.ranges(of: "rebuilt from the run history").count == 1)
        #expect(box.log.contains("history.state is from another version (format 0, this daemon writes 1)"))
        let state = try HistoryState.read(box.paths.historyState).get()
        #expect(state.jobs["removed"]?.lastRun == 499)
        let last = try #require(state.jobs["tick"]?.lastRun)
        #expect(last == box.records.map(\.run).max())
        #expect(try FileSystem.stat(box.paths.historyState).permissions == 0o600)

        let second = try box.startDaemon("second")
        #expect(box.wait { box.records.contains { $0.run > last } })
        #expect(try box.stop(second) == .exited(code: 0))
        #expect(box.log.ranges(of: "rebuilt from the run history").count == 1)  // not again
        let runs = box.records.filter { $0.job == "tick" }.map(\.run)
        #expect(runs == runs.sorted() && Set(runs).count == runs.count)
    }
}
