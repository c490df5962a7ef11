import Testing
import SchedulerCore
@testable import SchedulerDaemon

/// A stretch of skipped slots: one journal line (run and attempt null, count, first_scheduled_at) and one history line.
@Suite struct SkipStretchRecordTests {
    static let stretch = JournalRecord.skipStretch(job: "tick", count: 3_599, first: Instant(seconds: 1_796_032_801), last: Instant(seconds: 1_796_036_399),
                                                   firstAt: Instant(seconds: 1_796_032_801), lastAt: Instant(seconds: 1_796_036_399))

    @Test func encodesAndDecodes() throws {
        let line = JournalCodec.encode(Self.stretch, zone: .utc)
        #expect(line == #"{"job":"tick","run":null,"attempt":null,"count":3599,"first_scheduled_at":"2026-11-30T10:00:01+00:00","scheduled_at":"2026-11-30T10:59:59+00:00","started_at":"2026-11-30T10:00:01+00:00","ended_at":"2026-11-30T10:59:59+00:00","status":"skipped","exit_code":null,"signal":null,"cpu_seconds":0.000,"max_rss_kb":0,"duration_seconds":3598.000,"pid":null}"#)
        #expect(JournalCodec.decode(Substring(line)) == Self.stretch)
    }

    @Test(arguments: [
        #"{"job":"t","run":null,"attempt":null,"count":2,"first_scheduled_at":"2026-11-30T10:00:01Z","scheduled_at":"2026-11-30T10:00:02Z","started_at":"2026-11-30T10:00:01Z","ended_at":"2026-11-30T10:00:02Z","status":"failed"}"#,
        #"{"job":"t","run":null,"attempt":null,"count":2,"scheduled_at":"2026-11-30T10:00:02Z","started_at":"2026-11-30T10:00:01Z","ended_at":"2026-11-30T10:00:02Z","status":"skipped"}"#,
        #"{"job":"t","run":null,"attempt":1,"scheduled_at":"2026-11-30T10:00:02Z","started_at":"2026-11-30T10:00:01Z","ended_at":"2026-11-30T10:00:02Z","status":"skipped"}"#,
    ])
    func refusesHalfStretches(_ line: String) {
        #expect(JournalCodec.decode(Substring(line)) == nil)
    }

    @Test func historyShowsOneLine() {
        let run = JournalRecord(job: "tick", run: 41, attempt: 1, scheduledAt: Instant(seconds: 1_796_032_800), startedAt: Instant(seconds: 1_796_032_800),
                                endedAt: Instant(seconds: 1_796_036_400), status: .succeeded, exitCode: 0)
        let lines = HistoryTable.render([run, Self.stretch], zone: .utc).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[2].hasPrefix("tick    -    -  skipped 3,599 times, 10:00:01–10:59:59  -     2026-11-30T10:00:01+00:00"))
        #expect(HistoryTable.span(Instant(seconds: 1_796_032_801), Instant(seconds: 1_796_122_801), zone: .utc) == "2026-11-30 10:00:01–2026-12-01 11:00:01")
        #expect(HistoryTable.thousands(1_234_567) == "1,234,567" && HistoryTable.thousands(12) == "12")
    }

    @Test func metricsCountEverySkip() {
        var m = MetricsState()
        m.record(Self.stretch)
        #expect(m.jobs["tick"]?.runs[.skipped] == 3_599)
    }
}
