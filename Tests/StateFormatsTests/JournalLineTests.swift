import Testing
import StateFormats

/// Issue 12 finding 3: numbers in our own files go through checked conversions; a record out of range is
/// refused with a reason (and skipped by the callers), never a trap.
struct JournalLineTests {
    static let good = #"{"job":"a","run":7,"attempt":1,"scheduled_at":"2026-01-01T00:00:00+00:00","started_at":"2026-01-01T00:00:00.005+00:00","ended_at":"2026-01-01T00:00:02+00:00","status":"failed","exit_code":3,"signal":null,"cpu_seconds":0.250,"max_rss_kb":2048,"duration_seconds":1.995,"pid":4242}"#

    static func with(_ key: String, _ value: String) -> String {
        // Fields are `"key":value` up to the next `,` or `}` (no test value of ours contains either).
        let parts = good.dropFirst().dropLast().split(separator: ",")
        return "{" + parts.map { $0.hasPrefix("\"\(key)\":") ? "\"\(key)\":" + value : String($0) }.joined(separator: ",") + "}"
    }

    @Test func readsAGoodLine() throws {
        let r = try JournalLine.decode(Array(Self.good.utf8)).get()
        #expect(r.job == "a" && r.run == 7 && r.exitCode == 3 && r.signal == nil && r.pid == 4242)
        #expect(r.cpuSeconds == 0.25 && r.maxRSSKB == 2048 && r.status == "failed")
        #expect(r.startedAt == 1_767_225_600_005_000_000 && r.endedAt - r.startedAt == 1_995_000_000)
    }

    @Test(arguments: [
        ("exit_code", "5000000000"), ("exit_code", "-2147483649"), ("exit_code", "1.5"), ("exit_code", "1e300"),
        ("signal", "5000000000"), ("pid", "5000000000"), ("pid", "1e19"), ("cpu_seconds", "1e300"),
        ("cpu_seconds", "-1"), ("max_rss_kb", "1e300"), ("max_rss_kb", "-5"), ("run", "1e300"), ("run", "-1"),
        ("run", "9223372036854775807"), ("attempt", "1e18"), ("status", "\"bogus\""), ("job", "5"),
        ("started_at", "\"9999-01-01T00:00:00Z\""), ("ended_at", "\"2025-01-01T00:00:00Z\""),
    ])
    func refusesOutOfRangeFieldsWithAReason(_ key: String, _ value: String) {
        let line = Self.with(key, value)
        guard case .failure(let e) = JournalLine.decode(Array(line.utf8)) else {
            Issue.record("accepted \(key)=\(value)"); return
        }
        #expect(e.reason.contains(key) || (key == "ended_at" && e.reason.contains("before")))
    }

    /// `node` (issue 11) is optional: absent or null is nil; a string is kept; anything else is refused.
    @Test func nodeIsOptionalButMustBeAString() throws {
        func node(_ v: String) -> Result<JournalLine, JournalLine.Refusal> {
            JournalLine.decode(Array((Self.good.dropLast() + ",\"node\":" + v + "}").utf8))
        }
        #expect(try JournalLine.decode(Array(Self.good.utf8)).get().node == nil)
        #expect(try node("null").get().node == nil)
        #expect(try node("\"web1\"").get().node == "web1")
        guard case .failure(let e) = node("5") else { Issue.record("accepted node 5"); return }
        #expect(e.reason.contains("node"))
    }

    @Test func aDurationPastInt64IsRefused() {
        let line = Self.with("started_at", "\"1679-01-01T00:00:00Z\"").replacingEnded("\"2261-01-01T00:00:00Z\"")
        guard case .failure(let e) = JournalLine.decode(Array(line.utf8)) else { Issue.record("accepted"); return }
        #expect(e.reason.contains("too far"))
    }

    @Test func aFileOfMixedLinesKeepsTheGoodOnesAndNumbersTheBad() {
        let text = Self.good + "\n" + Self.with("exit_code", "5000000000") + "\n\n" + "{" + "\n" + Self.good + "\n" + "{\"job\""
        let j = JournalText.decode(Array(text.utf8)[...])
        #expect(j.records.map(\.line) == [1, 5])
        #expect(j.warnings.count == 2 && j.warnings[0].hasPrefix("2: ") && j.warnings[1].hasPrefix("4: "))
        #expect(String(decoding: j.tail, as: UTF8.self) == "{\"job\"" && j.nextLine == 6)
    }

    @Test func controlCharactersInValuesAreEscapedInReasons() {
        let j = JournalLine.decode(Array(Self.with("status", #""\u001b[2Jx""#).utf8))
        guard case .failure(let e) = j else { Issue.record("accepted"); return }
        #expect(!e.reason.contains("\u{1B}") && e.reason.contains("\\e[2J"))
    }
}

struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)), ("1969-12-31T23:59:59Z", -1_000_000_000),
        ("2026-11-28T17:33:29+09:00", 1_795_854_809_000_000_000), ("2024-02-29T00:00:00.5Z", 1_709_164_800_500_000_000),
    ])
    func parses(_ text: String, _ nanos: Int64) { #expect(Timestamp.parse(text.utf8) == nanos) }

    @Test(arguments: ["2026-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2026-01-01T00:00:00", "9999-12-31T23:59:59Z",
                      "0000-01-01T00:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T24:00:00Z"])
    func refuses(_ text: String) { #expect(Timestamp.parse(text.utf8) == nil) }
}

struct RunStateFormatTests {
    static let good = "pid=42\nstarted=1700000000\nnote=a.3\njob=a\nrun=3\nattempt=1\nattempts=2\nby=daemon\ncommand=x\nscheduled_ns=1700000000000000000\n"

    @Test func readsAGoodState() {
        let s = RunState.parse(Self.good)
        #expect(s?.pid == 42 && s?.run == 3 && s?.attempts == 2 && s?.scheduledNanos == 1_700_000_000_000_000_000 && s?.startedNanos == nil)
    }

    @Test(arguments: ["pid=5000000000", "pid=0", "pid=-1", "started=99999999999999999999", "started=9300000000",
                      "run=1e3", "run=99999999999999999999", "attempt=-1", "scheduled_ns=9223372036854775807",
                      "started_ns=-9223372036854775808"])
    func refusesOutOfRangeNumbers(_ override: String) {
        let key = override.prefix { $0 != "=" }
        let text = Self.good.split(separator: "\n").filter { !$0.hasPrefix(key + "=") }.joined(separator: "\n") + "\n" + override + "\n"
        #expect(RunState.parse(text) == nil)
    }

    @Test func oldOwnerFilesStillRead() {
        let s = RunState.parse("pid=7\nstarted=5\nnote=backup.12\n")
        #expect(s?.job == "backup" && s?.run == 12 && s?.attempt == 1)
        #expect(RunState.parse("pid=7\nstarted=5\nnote=backup.99999999999999999999999\n")?.run == 0)
    }
}

extension String {
    func replacingEnded(_ value: String) -> String {
        let parts = dropFirst().dropLast().split(separator: ",")
        return "{" + parts.map { $0.hasPrefix("\"ended_at\":") ? "\"ended_at\":" + value : String($0) }.joined(separator: ",") + "}"
    }
}
