import Testing
import SchedulerCore
import SystemCalls
@testable import SchedulerDaemon

@Suite(.serialized) struct JournalTests {
    static func record(_ job: String, run: Int, status: RunStatus = .succeeded, at: Int64 = 1_000) -> JournalRecord {
        JournalRecord(job: job, run: run, attempt: 1, scheduledAt: Instant(seconds: at), startedAt: Instant(nanoseconds: at * 1_000_000_000 + 5_000_000),
                      endedAt: Instant(seconds: at + 2), status: status, exitCode: status == .failed ? 3 : 0, signal: nil,
                      cpuSeconds: 0.25, maxRSSKB: 2048, pid: 4242)
    }

    func withTempDir(_ body: (String) throws -> Void) throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "journal-test")
        defer { try? FileSystem.removeTree(dir) }
        try body(dir)
    }

    @Test func encodesTheDocumentedFields() {
        let line = JournalCodec.encode(Self.record("greet \"x\"", run: 7, status: .failed), zone: .utc)
        #expect(line == #"{"job":"greet \"x\"","run":7,"attempt":1,"scheduled_at":"1970-01-01T00:16:40+00:00","started_at":"1970-01-01T00:16:40.005+00:00","ended_at":"1970-01-01T00:16:42+00:00","status":"failed","exit_code":3,"signal":null,"cpu_seconds":0.250,"max_rss_kb":2048,"duration_seconds":1.995,"pid":4242}"#)
        #expect(JournalCodec.decode(Substring(line)) == Self.record("greet \"x\"", run: 7, status: .failed))
    }

    /// Issue 11: with [cluster] a record names its node (last, so records without it stay as they were).
    @Test func aClusterRecordCarriesItsNodeAndOldRecordsReadWithout() throws {
        var r = Self.record("a", run: 1)
        r.node = "web\"1"
        let line = JournalCodec.encode(r, zone: .utc)
        #expect(line.hasSuffix(#","pid":4242,"node":"web\"1"}"#))
        #expect(JournalCodec.decode(Substring(line)) == r)
        #expect(JournalCodec.decode(Substring(JournalCodec.encode(Self.record("a", run: 1), zone: .utc)))?.node == nil)
        try withTempDir { dir in
            let j = Journal(path: dir + "/history.jsonl", zone: .utc)
            try j.append(Self.record("a", run: 1))
            j.node = "web2"
            try j.append(contentsOf: [Self.record("a", run: 2), r])
            let (records, warnings) = try Journal.readAll(path: dir + "/history.jsonl")
            #expect(warnings.isEmpty)
            #expect(records.map(\.node) == [nil, "web2", "web\"1"])
        }
    }

    @Test(arguments: ["", "{", #"{"job":"a"}"#, #"{"job":"a","run":1,"attempt":1,"scheduled_at":"x","started_at":"x","ended_at":"x","status":"ok"}"#, "[1]", #"{"job":"a",}"#])
    func rejectsBrokenLines(_ line: String) {
        #expect(JournalCodec.decode(Substring(line)) == nil)
    }

    @Test func appendsWithPrivateModesAndReadsBack() throws {
        try withTempDir { dir in
            let path = dir + "/state/scheduler/history.jsonl"
            let j = Journal(path: path, zone: .utc)
            for i in 1...3 { try j.append(Self.record("a", run: i)) }
            try j.append(Self.record("b", run: 9, status: .skipped, at: 5_000))
            let (records, warnings) = try Journal.readAll(path: path)
            #expect(warnings.isEmpty)
            #expect(records.map(\.run) == [1, 2, 3, 9])
            #expect(try FileSystem.stat(dir + "/state/scheduler").permissions == 0o700)
            #expect(try FileSystem.stat(path).permissions == 0o600)
            let h = Journal.history(from: records)
            #expect(h["a"] == JobHistory(lastRun: 3, lastScheduledAt: Instant(seconds: 1_000)))
            #expect(h["b"] == JobHistory(lastRun: 9, lastScheduledAt: nil))
        }
    }

    @Test func tornLastLineIsReportedNotFatal() throws {
        try withTempDir { dir in
            let path = dir + "/history.jsonl"
            let good = JournalCodec.encode(Self.record("a", run: 1), zone: .utc) + "\n"
            let fd = try FileDescriptor.open(path, .writeOnly, options: [.create])
            try fd.write(all: good + String(good.prefix(40)))
            try fd.close()
            let (records, warnings) = try Journal.readAll(path: path)
            #expect(records.count == 1)
            #expect(warnings.count == 1 && warnings[0].contains("incomplete last line"))
            let tail = try Journal.tail(path: path, count: 5)
            #expect(tail.records.count == 1 && tail.warnings.count == 1)
            let j = Journal(path: path, zone: .utc)
            try j.append(Self.record("a", run: 2))
            #expect(j.warnings.count == 1)
            let after = try Journal.readAll(path: path)
            #expect(after.records.map(\.run) == [1, 2])
            #expect(after.warnings.count == 1 && after.warnings[0].contains("unreadable"))
        }
    }

    @Test(arguments: [1, 5, 300, 5_000])
    func tailReadsTheLastRecordsAcrossBlocks(count: Int) throws {
        try withTempDir { dir in
            let path = dir + "/history.jsonl"
            var text = ""
            for i in 1...3_000 { text += JournalCodec.encode(Self.record(i % 3 == 0 ? "x" : "y", run: i, status: i % 7 == 0 ? .failed : .succeeded), zone: .utc) + "\n" }
            let fd = try FileDescriptor.open(path, .writeOnly, options: [.create])
            try fd.write(all: text)
            try fd.close()
            let t = try Journal.tail(path: path, count: count)
            #expect(t.records.map(\.run) == Array(max(1, 3_001 - count)...3_000))
            #expect(t.warnings.isEmpty)
            let failedX = try Journal.tail(path: path, count: count) { $0.job == "x" && $0.status == .failed }
            let expected = (1...3_000).filter { $0 % 3 == 0 && $0 % 7 == 0 }.suffix(count)
            #expect(failedX.records.map(\.run) == Array(expected))
        }
    }

    @Test func statePathsFollowXDG() {
        let p = StatePaths(environment: ["HOME": "/home/u", "XDG_STATE_HOME": "/s", "XDG_RUNTIME_DIR": "/run/user/1"])
        #expect(p.journal == "/s/scheduler/history.jsonl")
        #expect(p.log == "/s/scheduler/logs/scheduler.log")
        #expect(p.lock(job: "backup") == "/run/user/1/scheduler/locks/backup.lock")
        let d = StatePaths(environment: ["HOME": "/home/u", "XDG_STATE_HOME": "relative"])
        #expect(d.state == "/home/u/.local/state/scheduler")
        #expect(d.runtime == "/home/u/.local/state/scheduler/run")
    }

    /// Issue 12 finding 2: without HOME the state was /tmp/.local/state/scheduler, shared with every user.
    @Test func withoutHomeTheStateComesFromThePasswdEntryOrIsRefused() {
        for env in [[:], ["HOME": ""], ["HOME": "relative"]] {
            let p = StatePaths(environment: env, passwdHome: { "/home/pw" })
            #expect(p.state == "/home/pw/.local/state/scheduler" && p.problem == nil)
            let none = StatePaths(environment: env, passwdHome: { nil })
            #expect(none.problem != nil && !none.state.hasPrefix("/tmp"))
            #expect(throws: StateDirectoryError.self) { try StateDirectories.check(none) }
        }
        #expect(!StatePaths(environment: [:]).state.hasPrefix("/tmp/"))
        #expect(StatePaths(environment: ["XDG_STATE_HOME": "/s"], passwdHome: { nil }).problem == nil)
    }
}
