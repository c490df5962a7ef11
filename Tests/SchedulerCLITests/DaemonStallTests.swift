#if canImport(Glibc)
import Glibc
#endif
import SystemCalls
import Testing

/// Issue 12 findings 7, 12 and 6: nothing outside the loop's control (a stalled stderr reader, idle
/// control connections, a full descriptor table) may delay or lose a launch.
@Suite(.serialized) struct DaemonStallTests {
    static let tick = "[jobs.tick]\ncommand = \"true\"\nevery = \"1s\"\n"

    /// One journal record, as far as these tests need it.
    struct Record { var job: String; var status: String; var lateness: Double }

    /// The records of history.jsonl; lateness = started_at − scheduled_at in seconds (same day, UTC).
    static func records(_ box: CLISandbox) -> [Record] {
        box.read(box.state + "/history.jsonl").split(separator: "\n").compactMap { line in
            func field(_ name: String) -> Substring? {
                guard let r = line.firstRange(of: "\"\(name)\":\"") else { return nil }
                let rest = line[r.upperBound...]
                return rest.firstIndex(of: "\"").map { rest[..<$0] }
            }
            guard let job = field("job"), let status = field("status"), let s = field("scheduled_at").flatMap(secondOfDay),
                  let t = field("started_at").flatMap(secondOfDay) else { return nil }
            return Record(job: String(job), status: String(status), lateness: (t - s + 86400).truncatingRemainder(dividingBy: 86400))
        }
    }

    /// Seconds since midnight of "2026-12-01T02:30:05.000123456+00:00".
    static func secondOfDay(_ text: Substring) -> Double? {
        guard let t = text.firstIndex(of: "T") else { return nil }
        let parts = text[text.index(after: t)...].prefix(while: { $0 != "+" && $0 != "Z" }).split(separator: ":")
        guard parts.count == 3, let h = Double(parts[0]), let m = Double(parts[1]), let s = Double(parts[2]) else { return nil }
        return h * 3600 + m * 60 + s
    }

    /// Before: with `daemon 2>&1 | slow-reader` the loop blocked in write(2) once the pipe was full, and no
    /// run started any more. Now stderr has its own writer thread and queue; what overflows is counted.
    @Test func aStderrNobodyReadsDoesNotStopLaunches() throws {
        let box = try CLISandbox(config: "[daemon]\noutput_to_stderr = true\n" + Self.tick + """
            [jobs.chatty]
            command = "yes 0123456789012345678901234567890123456789012345678901234567890123456789 | head -n 40000"
            every = "1s"
            """)
        let pipe = try FileDescriptor.pipe()
        defer { try? pipe.read.close() }
        _ = try box.start(["daemon"], name: "daemon-0", stderr: pipe.write)
        try pipe.write.close()
        let ran = box.waitUntil(timeout: 60) { Self.records(box).filter { $0.job == "tick" }.count >= 8 }
        #expect(ran, "tick stopped after \(Self.records(box).filter { $0.job == "tick" }.count) runs")
        let logs = ([""] + (1...5).map { ".\($0)" }).map { box.read(box.log + $0) }.joined()  // rotated too
        #expect(logs.contains("lines dropped from stderr (its reader did not keep up)"))
        let ticks = Self.records(box).filter { $0.job == "tick" }
        #expect(ticks.allSatisfy { $0.status == "succeeded" && $0.lateness < 1 }, "\(ticks)")
    }

    /// A flood of job output is slowed (it waits in the pipe while the log file's thread catches up), never
    /// dropped: every line reaches scheduler.log.
    @Test func aFloodOfJobOutputLosesNoLine() throws {
        let box = try CLISandbox(config: """
            [daemon]
            log_max_size = "1GB"
            [jobs.flood]
            command = "yes 0123456789012345678901234567890123456789012345678901234567890123456789012345678 | head -n 600000"
            every = "366d"
            """)
        _ = try box.startDaemon()
        #expect(try box.run(["trigger", "flood"]).status == 0)
        #expect(box.waitUntil { box.read(box.state + "/history.jsonl").contains("\"job\":\"flood\"") })
        let log = box.read(box.log)
        let lines = log.split(separator: "\n").filter { $0.hasSuffix("]: 0123456789012345678901234567890123456789012345678901234567890123456789012345678") }
        #expect(lines.count == 600_000)
        #expect(!log.contains("lines dropped"))
    }

    /// Before: each idle connection held the loop for up to a second (15 of them: runs late, then skipped),
    /// and a client behind them got no answer. 80 of them also pass the cap (64): the oldest are closed.
    @Test func idleControlConnectionsDoNotDelayRuns() throws {
        let box = try CLISandbox(config: Self.tick)
        _ = try box.startDaemon()
        let socket = try #require(try FileSystem.listDirectory(box.runtime).first { $0.hasSuffix(".sock") })
        var idle: [FileDescriptor] = []
        defer { for c in idle { try? c.close() } }
        for _ in 0..<80 { idle.append(try UnixSocket.connect(to: box.runtime + "/" + socket)) }
        let before = Self.records(box).count
        let status = try box.run(["status"], timeout: 60)
        #expect(status.status == 0, "\(status.err)")
        #expect(box.waitUntil(timeout: 60) { Self.records(box).count >= before + 6 })
        let ticks = Self.records(box).filter { $0.job == "tick" }.dropFirst(before)
        #expect(!ticks.isEmpty && ticks.allSatisfy { $0.status == "succeeded" && $0.lateness < 0.7 }, "\(Array(ticks))")
    }

    /// Before: a long reply (`jobs` of a big config) was written in one blocking write: a client that sent
    /// its request and did not read held the loop. Now it is written as the socket takes it.
    @Test func aLongReplyWaitsForItsReaderWithoutHoldingTheLoop() throws {
        let jobs = (1...8000).map { "[jobs.a_job_with_a_rather_long_name_for_a_big_reply_\($0)]\ncommand = \"true\"\nevery = \"366d\"\n" }
        let box = try CLISandbox(config: jobs.joined())
        _ = try box.startDaemon()
        let socket = try #require(try FileSystem.listDirectory(box.runtime).first { $0.hasSuffix(".sock") })
        let slow = try UnixSocket.connect(to: box.runtime + "/" + socket)
        defer { try? slow.close() }
        try slow.write(all: "jobs\n")
        SystemClock.sleep(nanoseconds: 300_000_000)  // the daemon has answered what the socket takes
        let ping = try box.run(["trigger", "a_job_with_a_rather_long_name_for_a_big_reply_1"], timeout: 60)
        #expect(ping.status == 0, "\(ping.err)")
        var reply: [UInt8] = []
        let deadline = SystemClock.monotonic() + 60_000_000_000
        while SystemClock.monotonic() < deadline, let ready = try? Poll.wait([(slow, .readable)], timeout: 1_000_000_000), !ready[0].isEmpty {
            let chunk = try slow.read(upTo: 1 << 16)
            if chunk.isEmpty { break }
            reply += chunk
        }
        #expect(reply.count > 400_000 && reply.starts(with: Array("ok ".utf8)) && reply.last == 10, "\(reply.count) bytes")
    }

    /// Before: with descriptors exhausted, launches failed ("Too many open files") and were recorded failed.
    /// Now they wait and start as running jobs end; every run succeeds.
    @Test(.enabled(if: FileSystem.exists("/usr/bin/prlimit")))
    func launchesWaitForFreeDescriptors() throws {
        let jobs = (1...40).map { "[jobs.j\($0)]\ncommand = \"sleep 3\"\nevery = \"20s\"\n" }.joined(separator: "\n")
        let box = try CLISandbox(config: jobs)
        let pid = try box.start(["daemon"], name: "daemon-0", wrapper: ["/usr/bin/prlimit", "--nofile=64:64", "--"])
        let done = box.waitUntil(timeout: 90) { Set(Self.records(box).map(\.job)).count == 40 }
        let records = Self.records(box)
        #expect(done, "\(records.count) records; log:\n\(box.read(box.log))")
        #expect(records.allSatisfy { $0.status == "succeeded" }, "\(records.filter { $0.status != "succeeded" })")
        #expect(box.read(box.log).contains("Out of file descriptors"), "\(box.read(box.log))")
        // Failed attempts leak nothing: once the runs ended the daemon is back to its few descriptors.
        let open = { ((try? FileSystem.listDirectory("/proc/\(pid)/fd")) ?? []).count }
        #expect(box.waitUntil(timeout: 30) { open() < 32 }, "\(open()) descriptors open")
    }
}
