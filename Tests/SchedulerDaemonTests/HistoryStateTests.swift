import Testing
import SchedulerCore
import StateFormats
import SystemCalls
@testable import SchedulerDaemon

/// history.state: start-up reads it and the few records after it, never the whole history; a missing,
/// damaged or older state file is rebuilt from the journal and reported once.
@Suite(.serialized) struct HistoryStateTests {
    func withTempDir(_ body: (String) throws -> Void) throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "history-state")
        defer { try? FileSystem.removeTree(dir) }
        try body(dir)
    }

    static func record(_ job: String, run: Int, attempt: Int = 1, status: RunStatus = .succeeded, slot: Int64) -> JournalRecord {
        JournalRecord(job: job, run: run, attempt: attempt, scheduledAt: Instant(seconds: slot), startedAt: Instant(seconds: slot),
                      endedAt: Instant(seconds: slot + 1), status: status, exitCode: 0, pid: 7)
    }

    /// A journal of `runs` records of jobs a and b, and the state a daemon would have written after them.
    func journalAndState(_ dir: String, runs: Int) throws -> (journal: Journal, statePath: String) {
        let journal = Journal(path: dir + "/history.jsonl", zone: .utc)
        try journal.append(contentsOf: (1...runs).map { Self.record($0 % 2 == 0 ? "a" : "b", run: $0, slot: 1_000 + Int64($0)) })
        var s = HistoryState()
        s.merge(try Journal.readAll(path: journal.path).records)
        let p = journal.position()
        (s.journalDevice, s.journalInode, s.offset, s.writtenAt) = (p.device, p.inode, p.size, Instant(seconds: 5_000))
        try s.write(dir + "/history.state")
        return (journal, dir + "/history.state")
    }

    @Test func textRoundTrips() throws {
        var s = HistoryState()
        s.journalDevice = 2049; s.journalInode = 77; s.offset = 1234; s.writtenAt = Instant(nanoseconds: 1_700_000_000_123_456_789)
        s.jobs = ["backup": JobHistory(lastRun: 41, lastScheduledAt: Instant(nanoseconds: 1_699_999_999_000_000_001)), "db.vacuum-2": JobHistory(lastRun: 3)]
        s.open = [RunID(job: "backup", run: 41, attempt: 2)]
        #expect(try HistoryState.parse(Substring(s.text)).get() == s)
        #expect(s.text.hasPrefix("scheduler-history-state 1\n") && s.text.hasSuffix("end\n"))
    }

    @Test(arguments: [("", "is damaged (no header)"), ("scheduler-history-state 0\njournal\t1\t2\t3\t4\nend\n", "is from another version (format 0, this daemon writes 1)"),
                      ("scheduler-history-state 1\njournal\t1\t2\t3\t4\njob\t5\t-\ta\n", "is damaged (cut short)"),
                      ("scheduler-history-state 1\njob\tfive\t-\ta\nend\n", "is damaged (line 2)")])
    func badFilesSayWhy(text: String, why: String) {
        guard case .failure(let p) = HistoryState.parse(Substring(text)) else { Issue.record("parsed"); return }
        #expect(p.description == why)
    }

    /// The daemon died after the journal's fsync and before the state file's rename: the records after the
    /// state's offset are read back, and only those.
    @Test func crashBetweenJournalAndStateWriteLosesNothing() throws {
        try withTempDir { dir in
            let (journal, statePath) = try journalAndState(dir, runs: 1_000)
            try journal.append(contentsOf: [Self.record("a", run: 1_001, slot: 9_000), Self.record("c", run: 1, status: .failed, slot: 9_001)])
            let r = HistoryRecovery.recover(journal: journal.path, statePath: statePath)
            #expect(!r.rebuilt && r.report == nil && r.warnings.isEmpty)
            #expect(r.recordsRead == 2)
            #expect(r.state.jobs["a"] == JobHistory(lastRun: 1_001, lastScheduledAt: Instant(seconds: 9_000)))
            #expect(r.state.jobs["b"]?.lastRun == 999)
            #expect(r.state.jobs["c"] == JobHistory(lastRun: 1, lastScheduledAt: Instant(seconds: 9_001)))
        }
    }

    /// The state's journal file was rotated since: it is found by inode as .1, read from the offset, then the live file.
    @Test func replayFollowsTheFileIntoRotation() throws {
        try withTempDir { dir in
            let (journal, statePath) = try journalAndState(dir, runs: 10)
            try journal.append(Self.record("a", run: 11, slot: 2_000))
            journal.retention = JournalRetention(maxBytes: 100 * 1024, keep: .seconds(86_400))
            let big = (12...60).map { Self.record("b", run: $0, slot: 2_000 + Int64($0)) }
            try journal.append(contentsOf: big)  // ~13 KB: the live file would pass 10 KB, so it rotates first
            #expect(!JournalFiles.rotated(journal.path).isEmpty)
            let r = HistoryRecovery.recover(journal: journal.path, statePath: statePath)
            #expect(!r.rebuilt)
            #expect(r.recordsRead == 50)
            #expect(r.state.jobs["a"]?.lastRun == 11 && r.state.jobs["b"]?.lastRun == 60)
        }
    }

    @Test(arguments: ["missing", "older", "damaged", "journal gone"])
    func unusableStateIsRebuiltAndReported(kind: String) throws {
        try withTempDir { dir in
            let (journal, statePath) = try journalAndState(dir, runs: 20)
            switch kind {
            case "missing": try FileSystem.unlink(statePath)
            case "older": try FileSystem.writeFileAtomically(statePath, Array("scheduler-history-state 0\na 20\n".utf8))
            case "damaged": try FileSystem.writeFileAtomically(statePath, Array("scheduler-history-state 1\njournal\t1".utf8))
            default:
                try FileSystem.rename(journal.path, to: dir + "/moved")
                try FileSystem.writeFileAtomically(journal.path, Array((JournalCodec.encode(Self.record("a", run: 20, slot: 1_020), zone: .utc) + "\n").utf8))
            }
            let r = HistoryRecovery.recover(journal: journal.path, statePath: statePath)
            #expect(r.rebuilt)
            #expect(r.report?.contains("rebuilt from the run history") == true)
            #expect(r.state.jobs["a"]?.lastRun == 20)
            if kind == "older" { #expect(r.report?.contains("from another version") == true) }
        }
    }

    @Test func noHistoryAtAllIsNotReported() throws {
        try withTempDir { dir in
            let r = HistoryRecovery.recover(journal: dir + "/history.jsonl", statePath: dir + "/history.state")
            #expect(r.rebuilt && r.report == nil && r.state.jobs.isEmpty)
        }
    }

    /// Orphans: a run open when the state was written, or started after it, is unrecorded unless its
    /// record came after the state; an older run not open was recorded before it.
    @Test func unrecordedRunsFromLockFiles() throws {
        try withTempDir { dir in
            let (journal, statePath) = try journalAndState(dir, runs: 10)
            var s = try HistoryState.read(statePath).get()
            s.open = [RunID(job: "a", run: 10, attempt: 1), RunID(job: "b", run: 9, attempt: 1)]
            try s.write(statePath)
            try journal.append(Self.record("b", run: 9, slot: 1_009))
            let r = HistoryRecovery.recover(journal: journal.path, statePath: statePath)
            func lock(_ job: String, _ run: Int, _ attempt: Int = 1, started: Int64) -> RunState {
                var st = RunState(job: job, run: run, attempt: attempt, attempts: 3, pid: 1, startedAt: started, command: "x", startedBy: "daemon")
                st.startedNanos = started * 1_000_000_000
                return st
            }
            #expect(r.unrecorded(lock("a", 10, started: 4_000)))       // open at the state, no record since
            #expect(!r.unrecorded(lock("b", 9, started: 4_000)))       // open, recorded after
            #expect(!r.unrecorded(lock("a", 8, started: 4_000)))       // recorded before the state
            #expect(r.unrecorded(lock("a", 8, 2, started: 6_000)))     // a retry started after the state
            #expect(r.unrecorded(lock("a", 12, started: 4_000)))       // a number past the state's
        }
    }
}
