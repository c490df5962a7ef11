import Testing
@testable import SchedulerCore

/// `daily`, `weekly` and `hourly` through DST changes (same rules as cron; see CronNextTests).
@Suite struct ScheduleWallClockTests {
    typealias T = ScheduleTestSupport

    static func dailySpec(_ times: String...) -> ScheduleSpec { try! ScheduleSpec.parseDaily(times) }

    @Test(arguments: [
        // Gap: once, when the gap ends. Overlap: once, first pass.
        (dailySpec("02:30"), "America/New_York", "2026-03-07T12:00:00-05:00", ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"]),
        (dailySpec("01:30"), "America/New_York", "2026-10-31T12:00:00-04:00", ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"]),
        (dailySpec("02:00", "02:30", "03:00"), "America/New_York", "2026-03-08T00:00:00-05:00",
         ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"]),
        (dailySpec("03:30", "15:00"), "Europe/Berlin", "2026-03-28T12:00:00+01:00",
         ["2026-03-28T15:00:00+01:00", "2026-03-29T03:30:00+02:00"]),
        // Sao Paulo 2018: midnight did not exist on 4 November; 2019: 23:00–24:00 on 16 February twice.
        (dailySpec("00:00"), "America/Sao_Paulo", "2018-11-03T12:00:00-03:00", ["2018-11-04T01:00:00-02:00", "2018-11-05T00:00:00-02:00"]),
        (dailySpec("23:30"), "America/Sao_Paulo", "2019-02-16T12:00:00-02:00", ["2019-02-16T23:30:00-02:00", "2019-02-17T23:30:00-03:00"]),
        // Samoa skipped 30 December 2011.
        (dailySpec("12:00"), "Pacific/Apia", "2011-12-29T00:00:00-10:00", ["2011-12-29T12:00:00-10:00", "2011-12-31T00:00:00+14:00"]),
        // 30-minute DST and a 02:45 change.
        (dailySpec("02:15"), "Australia/Lord_Howe", "2026-10-03T12:00:00+10:30", ["2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00"]),
        (dailySpec("01:45"), "Australia/Lord_Howe", "2026-04-04T12:00:00+11:00", ["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30"]),
        (dailySpec("03:00"), "Pacific/Chatham", "2026-09-26T12:00:00+12:45", ["2026-09-27T03:45:00+13:45", "2026-09-28T03:00:00+13:45"]),
        // Negative DST in tzdata's model of Ireland changes nothing on the clock.
        (dailySpec("01:30"), "Europe/Dublin", "2026-10-24T12:00:00+01:00", ["2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00"]),
        (dailySpec("01:30"), "Europe/Dublin", "2026-03-28T12:00:00+00:00", ["2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00"]),
        // Beyond the TZif table: the footer rule.
        (dailySpec("02:30"), "America/New_York", "2100-03-13T12:00:00-05:00", ["2100-03-14T03:00:00-04:00", "2100-03-15T02:30:00-04:00"]),
        (dailySpec("01:30"), "America/New_York", "2100-11-06T12:00:00-04:00", ["2100-11-07T01:30:00-04:00", "2100-11-08T01:30:00-05:00"]),
    ])
    func daily(spec: ScheduleSpec, zone: String, after: String, expected: [String]) {
        #expect(T.times(spec, zone: zone, after: after, count: expected.count) == expected)
    }

    @Test(arguments: [
        ("sun 02:30", "America/New_York", "2026-03-01T12:00:00-05:00", ["2026-03-08T03:00:00-04:00", "2026-03-15T02:30:00-04:00"]),
        ("mon-fri 09:00,17:00", "UTC", "2026-05-15T10:00:00Z",
         ["2026-05-15T17:00:00+00:00", "2026-05-18T09:00:00+00:00", "2026-05-18T17:00:00+00:00"]),
        ("Sat-Sun 10:00", "UTC", "2026-05-15T10:00:00Z", ["2026-05-16T10:00:00+00:00", "2026-05-17T10:00:00+00:00", "2026-05-23T10:00:00+00:00"]),
        ("mon, THURSDAY 9:05", "Europe/Berlin", "2026-05-15T10:00:00Z", ["2026-05-18T09:05:00+02:00", "2026-05-21T09:05:00+02:00"]),
    ])
    func weekly(text: String, zone: String, after: String, expected: [String]) throws {
        #expect(T.times(try ScheduleSpec.parseWeekly(text), zone: zone, after: after, count: expected.count) == expected)
    }

    /// `hourly = M` is cron `M * * * *`: it follows real time, so a repeated hour runs twice.
    @Test(arguments: [
        (15, "America/New_York", "2026-11-01T00:20:00-04:00", ["2026-11-01T01:15:00-04:00", "2026-11-01T01:15:00-05:00", "2026-11-01T02:15:00-05:00"]),
        (15, "America/New_York", "2026-03-08T01:20:00-05:00", ["2026-03-08T03:15:00-04:00", "2026-03-08T04:15:00-04:00"]),
        (0, "Australia/Lord_Howe", "2026-10-04T01:10:00+10:30", ["2026-10-04T03:00:00+11:00", "2026-10-04T04:00:00+11:00"]),
        (0, "Australia/Lord_Howe", "2026-04-05T00:10:00+11:00", ["2026-04-05T01:00:00+11:00", "2026-04-05T02:00:00+10:30"]),
    ])
    func hourly(minute: Int, zone: String, after: String, expected: [String]) throws {
        #expect(T.times(try ScheduleSpec.parseHourly(minute), zone: zone, after: after, count: expected.count) == expected)
    }

    @Test(arguments: [
        (["3:30"], [210]), (["03:30", "15:00", "03:30"], [210, 900]), (["23:59", "00:00"], [0, 1439]),
    ])
    func parseDaily(times: [String], minutes: [Int]) throws {
        #expect(try ScheduleSpec.parseDaily(times) == .daily(minutes: minutes))
    }

    @Test(arguments: ["24:00", "3:60", "0330", "3.30", "", "03:30pm", "-1:00", "003:30", "03:3"])
    func badDaily(time: String) {
        #expect(throws: ScheduleSyntaxError.self) { try ScheduleSpec.parseDaily([time]) }
    }

    @Test(arguments: [
        ("mon,thu 09:00", [1, 4], [540]), ("MON-FRI 8:30,17:00", [1, 2, 3, 4, 5], [510, 1020]),
        ("fri-mon 12:00", [0, 1, 5, 6], [720]), ("sunday 00:00", [0], [0]), ("tue, wed 10:00, 11:00", [2, 3], [600, 660]),
    ])
    func parseWeekly(text: String, days: [Int], minutes: [Int]) throws {
        #expect(try ScheduleSpec.parseWeekly(text) == .weekly(days: days, minutes: minutes))
    }

    /// (text, offset of the fault)
    @Test(arguments: [("mon", 3), ("09:00", 0), ("mon,thx 09:00", 4), ("mon 9", 4), ("mon 09:00 tue", 10), ("mon-frj 09:00", 4), ("", 0)])
    func badWeekly(text: String, offset: Int) {
        let e = #expect(throws: ScheduleSyntaxError.self) { try ScheduleSpec.parseWeekly(text) }
        #expect(e?.offset == offset, "\(e?.message ?? "")")
    }

    @Test func badHourly() throws {
        for m in [-1, 60, 1000] { #expect(throws: ScheduleSyntaxError.self) { try ScheduleSpec.parseHourly(m) } }
        #expect(try ScheduleSpec.parseHourly(59) == .hourly(minute: 59))
    }
}
