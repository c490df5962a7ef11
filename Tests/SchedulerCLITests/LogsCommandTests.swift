import FoundationEssentials
import SystemCalls
import Testing

/// `scheduler logs` over a hand-made log with rotated files, and `--tail` across a rotation.
@Suite(.serialized) struct LogsCommandTests {
    static let config = "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n[jobs.b]\ncommand = \"true\"\nevery = \"1h\"\n"

    /// scheduler.log.2 (oldest) … scheduler.log (newest); line i at 10:00:00+i UTC.
    static func makeLog(_ box: CLISandbox, perFile: Int = 50) throws {
        try FileSystem.makeDirectories(box.state + "/logs", permissions: 0o700)
        var i = 0
        for suffix in [".2", ".1", ""] {
            var text = ""
            for _ in 0..<perFile {
                let t = "2026-11-28T10:\(pad(i / 60)):\(pad(i % 60))+00:00"
                text += i % 3 == 0 ? "\(t) scheduler[a.\(i)]: event \(i)\n" : "\(t) app[\(i % 3 == 1 ? "a" : "b").\(i)]: line \(i)\n"
                i += 1
            }
            try FileSystem.writeFileAtomically(box.log + suffix, Array(text.utf8), permissions: 0o600)
        }
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    @Test func lastLinesAcrossRotatedFiles() throws {
        let box = try CLISandbox(config: Self.config)
        try Self.makeLog(box)
        let all = try box.run(["logs", "-n", "120"]).out.split(separator: "\n")
        #expect(all.count == 120)
        #expect(all.first?.hasSuffix("event 30") == true && all.last?.hasSuffix("line 149") == true)
        #expect(try box.run(["logs"]).out.split(separator: "\n").count == 100)
        #expect(try box.run(["logs", "-n", "200"]).out.split(separator: "\n").count == 150)
    }

    @Test func filters() throws {
        let box = try CLISandbox(config: Self.config)
        try Self.makeLog(box)
        let b = try box.run(["logs", "b", "-n", "3"]).out
        #expect(b == "2026-11-28T10:02:23+00:00 app[b.143]: line 143\n2026-11-28T10:02:26+00:00 app[b.146]: line 146\n"
            + "2026-11-28T10:02:29+00:00 app[b.149]: line 149\n")
        let events = try box.run(["logs", "--source", "scheduler", "-n", "1000"]).out.split(separator: "\n")
        #expect(events.count == 50 && events.allSatisfy { $0.contains(" scheduler[a.") })
        let since = try box.run(["logs", "--since", "2026-11-28T10:02:20Z", "-n", "1000"]).out.split(separator: "\n")
        #expect(since.count == 10 && since.first?.hasSuffix("line 140") == true)
        #expect(try box.run(["logs", "--source", "web"]).status == 2)
    }

    /// Lines the daemon writes (microseconds) and older ones (whole seconds) mix; --since reads both.
    @Test func sinceReadsMicrosecondTimestamps() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.state + "/logs", permissions: 0o700)
        let text = "2026-11-28T10:00:00+00:00 app[a.1]: old\n2026-11-28T10:00:01.000001+00:00 app[a.2]: one\n"
            + "2026-11-28T19:00:01.500000+09:00 app[a.3]: two\n2026-11-28T10:00:02.250000+00:00 app[b.4]: three\n"
        try FileSystem.writeFileAtomically(box.log, Array(text.utf8), permissions: 0o600)
        let r = try box.run(["logs", "--since", "2026-11-28T10:00:01.2Z"])
        #expect(r.out.split(separator: "\n").map { String($0.split(separator: " ").last!) } == ["two", "three"])
        #expect(try box.run(["logs", "a", "--since", "2026-11-28T10:00:00.5Z"]).out.split(separator: "\n").count == 2)
    }

    struct Line: Decodable { var time: String?; var source: String?; var dyno: String?; var job: String?; var run: Int?; var message: String }

    @Test func jsonLines() throws {
        let box = try CLISandbox(config: Self.config)
        try Self.makeLog(box)
        let out = try box.run(["logs", "-n", "2", "--json"]).out.split(separator: "\n")
        let lines = try out.map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        #expect(lines.count == 2)
        #expect(lines[1].time == "2026-11-28T10:02:29+00:00" && lines[1].source == "app" && lines[1].dyno == "b.149")
        #expect(lines[1].job == "b" && lines[1].run == 149 && lines[1].message == "line 149")
    }

    @Test func tailFollowsNewLinesAcrossRotation() throws {
        let box = try CLISandbox(config: Self.config)
        try Self.makeLog(box, perFile: 2)
        let pid = try box.start(["logs", "--tail", "-n", "1"], name: "tail")
        let out = box.dir + "/tail.out"
        #expect(box.waitUntil { box.read(out).hasSuffix("line 5\n") })
        let fd = try FileDescriptor.open(box.log, .writeOnly, options: [.append])
        try fd.write(all: "2026-11-28T11:00:00+00:00 app[a.9]: after\n")
        try fd.close()
        #expect(box.waitUntil { box.read(out).hasSuffix("after\n") })
        // Rotate the way the daemon does, and write to the new file.
        try FileSystem.rename(box.log, to: box.log + ".1")
        try FileSystem.writeFileAtomically(box.log, Array("2026-11-28T11:00:01+00:00 app[a.10]: rotated\n".utf8), permissions: 0o600)
        #expect(box.waitUntil { box.read(out).hasSuffix("rotated\n") })
        try Signals.send(.int, to: pid)
        _ = box.finish(pid, name: "tail")
        #expect(box.read(out).split(separator: "\n").map { String($0.split(separator: " ").last!) } == ["5", "after", "rotated"])
    }
}
