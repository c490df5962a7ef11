import Testing
import SchedulerCore
import StateFormats
import SystemCalls
@testable import SchedulerDaemon

@Suite struct RunStateTests {
    @Test func rewritingWithShorterAndLongerStatesLeavesNoStaleTail() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "runstate")
        defer { try? FileSystem.removeTree(dir) }
        let lock = try FileLock(path: dir + "/job.lock")
        defer { try? lock.close() }
        var long = RunState(job: "job", run: 123_456, attempt: 2, attempts: 3, pid: 4242, startedAt: 1_800_000_000,
                            command: String(repeating: "x", count: 200), startedBy: "daemon")
        long.scheduledNanos = 1_799_999_999_000_000_000
        long.startedNanos = 1_800_000_000_123_456_789
        let short = RunState(job: "job", run: 7, attempt: 1, attempts: 1, pid: 9, startedAt: 1_800_000_100,
                             command: "true", startedBy: "run")
        for state in [long, short, long] {
            try state.write(to: lock)
            let text = String(decoding: try FileSystem.readFile(dir + "/job.lock"), as: UTF8.self)
            #expect(text == state.text)
            #expect(RunState.parse(text) == state)
        }
    }

    @Test func staleRunFilesGoHeldAndFreshOnesStay() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "runfiles")
        defer { try? FileSystem.removeTree(dir) }
        let paths = StatePaths(environment: ["HOME": dir, "XDG_RUNTIME_DIR": dir + "/run", "XDG_STATE_HOME": dir + "/state"])
        let held = try #require(RunState.runFileLock(paths: paths, dyno: "a.1"))
        defer { try? held.close() }
        let ended = try #require(RunState.runFileLock(paths: paths, dyno: "b.2"))
        try ended.close()
        let now = Instant(nanoseconds: SystemClock.realtime())
        RunState.removeStaleRunFiles(paths: paths, now: now)  // both just written: a fresh file may not be locked yet
        #expect(FileSystem.exists(paths.runFile("a.1")) && FileSystem.exists(paths.runFile("b.2")))
        RunState.removeStaleRunFiles(paths: paths, now: now + .seconds(120))
        #expect(FileSystem.exists(paths.runFile("a.1")))
        #expect(!FileSystem.exists(paths.runFile("b.2")))
    }
}
