import Testing
import SchedulerCore
import SystemCalls
@testable import SchedulerDaemon

@Suite struct LineSplitterTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var chunks: [[UInt8]]
        var lines: [String]
        var rest: String?
        var testDescription: String { lines.joined(separator: "|") }
    }

    @Test(arguments: [
        Case(chunks: [Array("a\nb\n".utf8)], lines: ["a", "b"], rest: nil),
        Case(chunks: [Array("hel".utf8), Array("lo\nwor".utf8), Array("ld".utf8)], lines: ["hello"], rest: "world"),
        Case(chunks: [Array("crlf\r\n\n".utf8)], lines: ["crlf", ""], rest: nil),
        Case(chunks: [[0x66, 0xFF, 0x6F, 10]], lines: ["f\u{FFFD}o"], rest: nil),
        Case(chunks: [Array("abcdefghij\n".utf8)], lines: ["abcd", "efgh", "ij"], rest: nil),
        Case(chunks: [Array("ab".utf8), Array("cdef".utf8)], lines: ["abcd"], rest: "ef"),
    ])
    func splits(_ c: Case) {
        var s = LineSplitter(maxLine: c.testDescription.contains("abcd") ? 4 : 8192)
        var got: [String] = []
        for chunk in c.chunks { got += s.feed(chunk) }
        #expect(got == c.lines)
        #expect(s.flush() == c.rest)
        #expect(s.flush() == nil)
    }

    @Test func floodStaysBounded() {
        var s = LineSplitter(maxLine: 8192)
        let chunk = [UInt8](repeating: 0x41, count: 65536)
        var count = 0
        for _ in 0..<64 { for l in s.feed(chunk) { #expect(l.utf8.count == 8192); count += 1 } }
        #expect(count == 512)
    }
}

@Suite(.serialized) struct LogWriterTests {
    @Test func formatsHerokuStyle() {
        let l = LogLine(time: Instant(seconds: 1_795_854_809), source: .app, dyno: "output_greeting.1", message: "Hello World.")
        #expect(LogFormat.line(l, zone: .utc) == "2026-11-28T08:33:29.000000+00:00 app[output_greeting.1]: Hello World.")
        let p = LogFormat.parse(Substring(LogFormat.line(l, zone: .utc)))
        #expect(p?.source == "app" && p?.dyno == "output_greeting.1" && p?.message == "Hello World.")
    }

    @Test func rotatesBySizeKeepingNFiles() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "logw-test")
        defer { try? FileSystem.removeTree(dir) }
        let w = LogWriter(path: dir + "/logs/scheduler.log", maxBytes: 4096, files: 2, zone: .utc, toStderr: false)
        for i in 0..<200 { w.write(LogLine(time: Instant(seconds: 0), dyno: "j.\(i)", message: String(repeating: "x", count: 60))) }
        let names = try FileSystem.listDirectory(dir + "/logs")
        #expect(names == ["scheduler.log", "scheduler.log.1", "scheduler.log.2"])
        for n in names { #expect(try FileSystem.stat(dir + "/logs/" + n).size <= 4096) }
        let last = String(decoding: try FileSystem.readFile(dir + "/logs/scheduler.log"), as: UTF8.self)
        #expect(last.hasSuffix("scheduler[j.199]: " + String(repeating: "x", count: 60) + "\n"))
        #expect(w.errorCount == 0)
    }

    @Test func unwritableLogDirIsReportedAndSurvived() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "logw-test")
        defer { try? FileSystem.removeTree(dir) }
        // A regular file where the log directory should be: mkdir fails even for root.
        let fd = try FileDescriptor.open(dir + "/logs", .writeOnly, options: [.create])
        try fd.close()
        let w = LogWriter(path: dir + "/logs/scheduler.log", maxBytes: 1 << 20, files: 1, zone: .utc, toStderr: false)
        for _ in 0..<3 { w.write(LogLine(time: Instant(seconds: 0), dyno: "j.1", message: "hi")) }
        #expect(w.errorCount == 3)
    }

    /// Issue 12 finding 9: a deleted log directory (or file) is detected (st_nlink == 0), reopened, reported.
    @Test(arguments: [true, false])
    func aDeletedLogIsReopenedAndReported(_ wholeDirectory: Bool) throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "logw-test")
        defer { try? FileSystem.removeTree(dir) }
        let path = dir + "/logs/scheduler.log"
        let w = LogWriter(path: path, maxBytes: 1 << 20, files: 1, zone: .utc, toStderr: false)
        w.write(LogLine(time: Instant(seconds: 1), dyno: "j.1", message: "before"))
        if wholeDirectory { try FileSystem.removeTree(dir + "/logs") } else { try FileSystem.unlink(path) }
        w.write(LogLine(time: Instant(seconds: 2), dyno: "j.2", message: "after"))
        let text = String(decoding: try FileSystem.readFile(path), as: UTF8.self)
        #expect(text.contains("was deleted (or its directory); reopened it") && text.hasSuffix("scheduler[j.2]: after\n"), "\(text)")
        #expect(w.reopenCount == 1)
    }
}

/// Issue 12 finding 7: lines a destination refused are counted and reported in one line, at most every 10 s.
@Suite struct DroppedLinesTests {
    @Test func dropsAreCountedAndReportedOncePerStretch() {
        var d = Dropped()
        #expect(d.note(now: 100) == nil)
        #expect(d.add(Array("a\nb\nc\n".utf8), stderr: true) == 3)
        #expect(d.add(Array("x\n".utf8), stderr: false) == 1)
        #expect(d.note(now: 100) == "1 lines dropped from the log file (its disk did not keep up); 3 lines dropped from stderr (its reader did not keep up)")
        _ = d.add(Array("y\n".utf8), stderr: true)
        #expect(d.note(now: 105) == nil)  // within 10 s of the last report: counted on
        _ = d.add(Array("z\n".utf8), stderr: true)
        #expect(d.note(now: 110) == "2 lines dropped from stderr (its reader did not keep up)")
    }
}
