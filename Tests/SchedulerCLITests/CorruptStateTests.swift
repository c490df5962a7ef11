import SystemCalls
import Testing

/// Issue 12 finding 3: out-of-range numbers in our own state files (history.jsonl, lock files) are skipped
/// with a warning by `history`, `list` and the daemon; before, each trapped (SIGILL) on them.
@Suite(.serialized) struct CorruptStateTests {
    static let config = """
    [jobs.a]
    command = "true"
    every = "1h"
    """

    static func line(_ extra: String) -> String {
        #"{"job":"a","run":1,"attempt":1,"scheduled_at":"2026-01-01T00:00:00+00:00","started_at":"2026-01-01T00:00:00+00:00","ended_at":"2026-01-01T00:00:01+00:00","status":"succeeded",\#(extra)}"#
    }

    static let journal = [
        line(#""exit_code":0,"signal":null,"cpu_seconds":0.1,"max_rss_kb":1,"pid":10"#),
        line(#""exit_code":5000000000,"signal":null,"cpu_seconds":0.1,"max_rss_kb":1,"pid":10"#),
        line(#""exit_code":null,"signal":5000000000,"cpu_seconds":0.1,"max_rss_kb":1,"pid":10"#),
        line(#""exit_code":0,"signal":null,"cpu_seconds":0.1,"max_rss_kb":1,"pid":5000000000"#),
        line(#""exit_code":0,"signal":null,"cpu_seconds":1e300,"max_rss_kb":1,"pid":10"#),
    ].joined(separator: "\n") + "\n"

    func sandbox() throws -> CLISandbox {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.state, permissions: 0o700)
        try FileSystem.writeFileAtomically(box.state + "/history.jsonl", Array(Self.journal.utf8), permissions: 0o600)
        return box
    }

    @Test func historyAndListSkipOutOfRangeRecordsWithAWarning() throws {
        let box = try sandbox()
        for args in [["history"], ["history", "--json"], ["list"]] {
            let r = try box.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
            if args[0] == "history" {
                #expect(r.err.contains("exit_code is invalid or out of range") && r.err.contains("pid is invalid"))
                #expect(r.err.contains("cpu_seconds is invalid") && r.err.contains("signal is invalid"))
            }
        }
        #expect(try box.run(["history"]).out.split(separator: "\n").count == 2) // header + the good record
    }

    @Test func daemonStartsOverOutOfRangeRecords() throws {
        let box = try sandbox()
        _ = try box.startDaemon()
        #expect(box.waitUntil { box.read(box.log).contains("exit_code is invalid") })
    }
}
