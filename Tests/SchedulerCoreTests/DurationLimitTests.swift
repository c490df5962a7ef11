import Testing
@testable import SchedulerCore

/// Issue 12 finding 5: every duration key has its own maximum; beyond it `check` refuses with a hint,
/// at it the value is accepted, and instant arithmetic saturates instead of wrapping.
@Suite struct DurationLimitTests {
    /// (table, key, the longest accepted value)
    static let keys: [(String, String, String)] = [
        ("jobs.a", "every", "366d"), ("jobs.a", "timeout", "365d"), ("jobs.a", "jitter", "7d"),
        ("jobs.a", "spread", "7d"), ("jobs.a", "kill_grace", "1h"), ("daemon", "shutdown_grace", "1h"),
        ("daemon", "hook_timeout", "1h"), ("daemon", "history_keep", "3650d"),
        ("jobs.a.retry", "delay", "7d"), ("jobs.a.retry", "max_delay", "30d"),
    ]

    static func config(_ table: String, _ key: String, _ value: String) -> String {
        let job = "[jobs.a]\ncommand = \"true\"\n" + (key == "every" ? "" : "cron = \"0 3 1 * *\"\n")
        let line = "\(key) = \(value)\n"
        switch table {
        case "jobs.a": return job + line
        case "jobs.a.retry": return job + "retry = { attempts = 2, \(key) = \(value) }\n"
        default: return "[\(table)]\n" + line + job
        }
    }

    @Test(arguments: keys)
    func theMaximumIsAcceptedAndOneSecondMoreIsNot(_ table: String, _ key: String, _ max: String) throws {
        let ok = ConfigFixture.load(Self.config(table, key, "\"\(max)\""))
        #expect(ok.diagnostics.filter { $0.severity == .error }.isEmpty, "\(ok.diagnostics)")
        for over in ["\"\(max)1s\"", "\"15000w\"", "9223372036854775807"] {
            let d = ConfigFixture.load(Self.config(table, key, over)).diagnostics.filter { $0.severity == .error }
            #expect(d.count == 1 && d[0].message.contains("longer than \(max)"), "\(key) = \(over): \(d)")
            #expect(d.first?.hint?.contains("at most \"\(max)\"") == true)
        }
    }

    @Test func instantArithmeticSaturates() {
        let now = Instant(seconds: 1_800_000_000)
        #expect(now + .seconds(Int64.max) == Instant(nanoseconds: .max))
        #expect(Instant(nanoseconds: .min + 5) - .seconds(1) == Instant(nanoseconds: .min))
        #expect(Instant(nanoseconds: .max) - Instant(nanoseconds: .min) == .nanoseconds(Int64.max))
        #expect(Instant(seconds: .max) == Instant(nanoseconds: .max))
    }
}
