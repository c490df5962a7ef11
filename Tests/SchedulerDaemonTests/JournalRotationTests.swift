import Testing
import SchedulerCore
import SystemCalls
@testable import SchedulerDaemon

/// history.jsonl rotates into .1, .2 …, within history_max_size and history_keep; readers see every kept record.
@Suite(.serialized) struct JournalRotationTests {
    static let day: Int64 = 86_400

    func withTempDir(_ body: (String) throws -> Void) throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "journal-rotation")
        defer { try? FileSystem.removeTree(dir) }
        try body(dir)
    }

    /// A record of `job` ending at `at` seconds (about 330 bytes as a line).
    static func record(_ job: String = "a", run: Int, at: Int64) -> JournalRecord {
        JournalRecord(job: job, run: run, attempt: 1, scheduledAt: Instant(seconds: at), startedAt: Instant(seconds: at),
                      endedAt: Instant(seconds: at), status: run % 5 == 0 ? .failed : .succeeded, exitCode: 0, pid: 1)
    }

    /// A journal in `dir` with `runs` appended in batches of five (each at `at(run)`, by `job(run)`).
    func filled(_ dir: String, maxBytes: Int = 100 * 1024, keepDays: Int64 = 30, runs: ClosedRange<Int>,
                job: (Int) -> String = { _ in "a" }, at: (Int) -> Int64 = { 1_000_000 + Int64($0) }) throws -> (String, Journal) {
        let path = dir + "/history.jsonl"
        let j = Journal(path: path, zone: .utc, retention: JournalRetention(maxBytes: maxBytes, keep: .seconds(keepDays * Self.day)))
        try append(j, runs: runs, job: job, at: at)
        return (path, j)
    }

    func append(_ j: Journal, runs: ClosedRange<Int>, job: (Int) -> String = { _ in "a" }, at: (Int) -> Int64 = { 1_000_000 + Int64($0) }) throws {
        for b in stride(from: runs.lowerBound, through: runs.upperBound, by: 5) {
            try j.append(contentsOf: (b...min(b + 4, runs.upperBound)).map { Self.record(job($0), run: $0, at: at($0)) })
        }
    }

    func sizes(_ path: String) -> [Int] { JournalFiles.newestFirst(path).map { Int((try? FileSystem.stat($0).size) ?? -1) } }

    @Test func rotatesAtATenthAndKeepsTheTotalUnderTheMaximum() throws {
        try withTempDir { dir in
            let n = 2_000  // ~660 KB written, six and a half times the maximum
            let (path, j) = try filled(dir, runs: 1...n)
            let policy = try #require(j.retention)
            let files = JournalFiles.newestFirst(path)
            #expect(files.count == 10)
            #expect(files.dropFirst().map { String($0.dropFirst(path.count + 1)) } == (1...9).map(String.init))
            #expect(sizes(path).allSatisfy { $0 <= policy.fileBytes })
            #expect(sizes(path).reduce(0, +) <= policy.maxBytes)
            #expect(try FileSystem.stat(path + ".1").permissions == 0o600)
            // Every record still on disk is there once, in order, ending with the last one written.
            let all = Journal.readEveryFile(path: path).records.map(\.run)
            #expect(all == Array((n - all.count + 1)...n))
            #expect(all.count > 250)
            #expect(j.notes.contains { $0.contains("history.jsonl.9") || $0.contains("history.jsonl.10") })
        }
    }

    @Test func tailReadsAcrossRotatedFilesNewestFirst() throws {
        try withTempDir { dir in
            let (path, _) = try filled(dir, maxBytes: 200 * 1024, runs: 1...600, job: { $0 % 2 == 0 ? "even" : "odd" })
            #expect(JournalFiles.rotated(path).count >= 5)
            let last = try Journal.tail(path: path, count: 150)
            #expect(last.records.map(\.run) == Array(451...600))
            #expect(last.warnings.isEmpty)
            let failedOdd = try Journal.tail(path: path, count: 1_000) { $0.job == "odd" && $0.status == .failed }
            #expect(failedOdd.records.map(\.run) == (1...600).filter { $0 % 2 == 1 && $0 % 5 == 0 })
            let since = try Journal.tail(path: path, count: .max, since: Instant(seconds: 1_000_590)) { $0.startedAt >= Instant(seconds: 1_000_590) }
            #expect(since.records.map(\.run) == Array(590...600))
        }
    }

    /// `--since` reads no further back than a minute before WHEN: an unreadable older file is never opened.
    @Test func sinceStopsAtOlderRecords() throws {
        try withTempDir { dir in
            let (path, _) = try filled(dir, runs: 1...300, at: { 1_000_000 + Int64($0) * 60 })
            let oldest = try #require(JournalFiles.rotated(path).last)
            try FileSystem.writeFileAtomically(oldest.path, Array("garbage\n".utf8), permissions: 0o600)
            let t = try Journal.tail(path: path, count: .max, since: Instant(seconds: 1_000_000 + 290 * 60))
            #expect(t.records.first?.run == 289)  // the minute's margin
            #expect(t.warnings.isEmpty)
        }
    }

    @Test func oldRotatedFilesExpireByAge() throws {
        try withTempDir { dir in
            let (path, j) = try filled(dir, keepDays: 2, runs: 1...80)
            let keep = try #require(j.retention)
            let rotated = JournalFiles.rotated(path)
            #expect(rotated.count >= 2)
            // Everything was written "now" by the file clock: nothing is older than two days yet.
            let now = Instant(nanoseconds: SystemClock.realtime())
            #expect(JournalFiles.expire(path, policy: keep, now: now).isEmpty)
            // Three days later every rotated file is past history_keep; the live one stays.
            let removed = JournalFiles.expire(path, policy: keep, now: now + .seconds(3 * Self.day))
            #expect(removed.count == rotated.count)
            #expect(JournalFiles.newestFirst(path) == [path])
        }
    }

    /// A crash half-way through a rotation leaves a gap in the numbers: readers and the next rotation cope.
    @Test func gapsInTheNumbersAreSkipped() throws {
        try withTempDir { dir in
            let (path, j) = try filled(dir, runs: 1...200)
            let before = Journal.readEveryFile(path: path).records.map(\.run)
            // Rotation renames the highest number first; stop after .3 → .4, as a crash would.
            for f in JournalFiles.rotated(path).reversed() where f.number >= 3 { try FileSystem.rename(f.path, to: "\(path).\(f.number + 1)") }
            #expect(JournalFiles.rotated(path).map(\.number).prefix(3) == [1, 2, 4])
            #expect(Journal.readEveryFile(path: path).records.map(\.run) == before)
            try append(j, runs: 201...260)
            let after = Journal.readEveryFile(path: path).records.map(\.run)
            #expect(after.last == 260)
            #expect(after == Array(after.first!...260))
            #expect(Set(before).subtracting(after).allSatisfy { $0 < after.first! })
        }
    }
}
