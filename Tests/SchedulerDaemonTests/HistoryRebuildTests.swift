import SchedulerCore
import StateFormats
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// A missing or damaged history.state is rebuilt, and the metrics seeded, from the journal read a chunk at a time
/// (bounded memory): the results are those of decoding every file whole and folding every record.
extension HistoryStateTests {
    /// 9,000 records of three jobs through a journal that rotates at 1.5 MB (so `.1` spans two chunks): run numbers
    /// out of order (a run ending after a later one), skips and a stretch of them, then a refused line and a torn one.
    static func writeJournal(_ path: String) throws {
        let journal = Journal(path: path, zone: .utc, retention: JournalRetention(maxBytes: 15_000_000, keep: .seconds(365 * 86_400)))
        for batch in stride(from: 1, to: 9_000, by: 500) {
            var records: [JournalRecord] = []
            for i in batch..<(batch + 500) {
                let job = ["a", "b", "c"][i % 3], slot = Instant(seconds: 1_000_000 + Int64(i))
                let run = i % 7 == 0 ? i + 5 : i  // overlap "allow": a later run ended first
                let status: RunStatus = i % 11 == 0 ? .skipped : (i % 5 == 0 ? .failed : .succeeded)
                records.append(JournalRecord(job: job, run: run, attempt: i % 4 + 1, scheduledAt: slot + .seconds(i % 13 == 0 ? 90 : 0),
                                             startedAt: slot, endedAt: slot + .seconds(2), status: status, exitCode: 0, cpuSeconds: 0.01, pid: 9))
            }
            if batch == 4_001 {
                records.append(.skipStretch(job: "c", count: 40, first: Instant(seconds: 2_000_000), last: Instant(seconds: 2_000_039),
                                            firstAt: Instant(seconds: 2_000_000), lastAt: Instant(seconds: 2_000_039)))
            }
            try journal.append(contentsOf: records)
        }
        let fd = try FileDescriptor.open(path, .writeOnly, options: [.append])
        try fd.closeAfter { try fd.write(all: "{\"job\":\"a\",\"run\":\"x\"}\n{\"job\":\"a\",\"ru") }
    }

    /// Every file decoded whole, oldest first: what start-up read before it read in chunks.
    static func everyRecordAtOnce(_ path: String) throws -> [JournalRecord] {
        var out: [JournalRecord] = []
        for file in JournalFiles.newestFirst(path).reversed() {
            out += JournalText.decode(try FileSystem.readFile(file)[...]).records.map { JournalRecord($0.record) }
        }
        return out
    }

    @Test(arguments: ["missing", "damaged"])
    func rebuildEqualsFoldingEveryRecordAtOnce(kind: String) throws {
        try withTempDir { dir in
            let path = dir + "/history.jsonl", statePath = dir + "/history.state"
            try Self.writeJournal(path)
            let rotatedSize = try FileSystem.stat(path + ".1").size
            #expect(JournalFiles.rotated(path).count == 1 && rotatedSize > 1 << 20)
            if kind == "damaged" { try FileSystem.writeFileAtomically(statePath, Array("scheduler-history-state 1\njob\t".utf8)) }
            let all = try Self.everyRecordAtOnce(path)
            var expected = HistoryState()
            expected.merge(all)

            let seen = all[100].id, late = RunID(job: "a", run: 99_999, attempt: 1)
            let r = HistoryRecovery.recover(journal: path, statePath: statePath, watching: [seen, late])
            #expect(r.rebuilt && r.state == expected && r.recordsRead == all.count)
            #expect(r.report?.contains("rebuilt from the run history (\(all.count) record(s) in 2 file(s))") == true)
            #expect(r.warnings.count == 2 && r.warnings.contains { $0.contains("incomplete last line") })
            // Only the attempts asked about are remembered; they are answered as when every one was.
            #expect(r.recorded == [seen])
            let unwatched = HistoryRecovery.recover(journal: path, statePath: statePath + ".none")
            #expect(unwatched.recorded.count == Set(all.map(\.id)).count && unwatched.state == expected)
            for id in [seen, late] {
                let lock = RunState(job: id.job, run: id.run, attempt: id.attempt, attempts: 4, pid: 1, startedAt: 1, command: "x", startedBy: "daemon")
                #expect(r.unrecorded(lock) == unwatched.unrecorded(lock) && r.unrecorded(lock) == (id == late))
            }
        }
    }

    /// Chunks of about 1 MiB, none the whole file, together every record in order; line numbers count on across them.
    @Test func chunksAreBoundedAndCoverTheFile() throws {
        try withTempDir { dir in
            let path = dir + "/history.jsonl"
            try Self.writeJournal(path)
            let file = path + ".1"
            var chunks: [[JournalRecord]] = []
            let warnings = try Journal.forEachChunk(path: file) { chunks.append($0) }
            let whole = JournalText.decode(try FileSystem.readFile(file)[...]).records.map { JournalRecord($0.record) }
            #expect(chunks.count >= 2 && chunks.allSatisfy { $0.count < whole.count } && warnings.isEmpty)
            #expect(Array(chunks.joined()) == whole)
            let live = try Journal.forEachChunk(path: path) { _ in }
            let lines = JournalText.decode(try FileSystem.readFile(path)[...]).nextLine
            #expect(live == ["\(path):\(lines - 1): record ignored: run is invalid or out of range (\"x\")",
                             "\(path):\(lines): incomplete last line (torn by a crash?) ignored"])
        }
    }

    /// The metrics file's last successes and durations, seeded from the live journal a chunk at a time.
    @Test func metricsSeedEqualsRememberingEveryRecord() throws {
        try withTempDir { dir in
            let path = dir + "/history.jsonl"
            try Self.writeJournal(path)
            try FileSystem.rename(path + ".1", to: path)  // one live file of two chunks
            var expected = MetricsState()
            for r in JournalText.decode(try FileSystem.readFile(path)[...]).records { expected.remember(JournalRecord(r.record)) }
            var m = MetricsState()
            m.remember(journal: path)
            #expect(m == expected && m.jobs.count == 3 && m.jobs.values.allSatisfy { $0.lastSuccess != nil })
        }
    }
}
