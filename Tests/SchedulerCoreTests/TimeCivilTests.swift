import Testing
@testable import SchedulerCore

/// Calendar arithmetic and RFC 3339 text.
@Suite struct TimeCivilTests {
    @Test(arguments: [
        (1970, 1, 1, Int64(0), 4), (2000, 2, 29, 11_016, 2), (2100, 3, 1, 47_541, 1), (1969, 12, 31, -1, 3),
        (2026, 3, 8, 20_520, 0), (1600, 1, 1, -135_140, 6), (2262, 4, 11, 106_751, 5),
    ])
    func civilDays(y: Int, m: Int, d: Int, days: Int64, weekday: Int) {
        #expect(CivilDate.days(year: Int64(y), month: Int64(m), day: Int64(d)) == days)
        let c = CivilDate.civil(days: days)
        #expect(c.year == Int64(y) && c.month == m && c.day == d)
        #expect(CivilDate.weekday(days: days) == weekday)
    }

    @Test func roundTripOverCenturies() {
        var previous = CivilDate.civil(days: -40_000)
        var bad: [Int64] = []
        for day in Int64(-39_999)...110_000 {  // 1860 to 2271
            let c = CivilDate.civil(days: day)
            if CivilDate.days(year: c.year, month: Int64(c.month), day: Int64(c.day)) != day { bad.append(day) }
            let monthEnded = previous.day == CivilDate.daysInMonth(year: previous.year, month: previous.month)
            if (c.day == 1) != monthEnded || (c.day != 1 && c.day != previous.day + 1) { bad.append(day) }
            previous = c
        }
        #expect(bad.isEmpty)
    }

    @Test(arguments: [
        ("2026-03-08T03:00:00-04:00", Int64(1_772_953_200), Int64(0)),
        ("2026-03-08T07:00:00Z", 1_772_953_200, 0), ("2026-03-08t07:00:00z", 1_772_953_200, 0),
        ("2026-03-08 07:00:00+00:00", 1_772_953_200, 0), ("2026-03-08T12:30:00+05:30", 1_772_953_200, 0),
        ("2026-03-08T07:00:00.25Z", 1_772_953_200, 250_000_000), ("1969-12-31T23:59:59Z", -1, 0),
        ("2016-12-31T23:59:60Z", 1_483_228_800, 0),
    ])
    func parse(text: String, seconds: Int64, nanos: Int64) {
        #expect(RFC3339.parse(text) == Instant(nanoseconds: seconds * 1_000_000_000 + nanos))
    }

    @Test(arguments: [
        "2026-03-08T07:00:00", "2026-03-08T07:00Z", "2026-13-08T07:00:00Z", "2026-02-30T07:00:00Z", "2026-03-08T24:00:00Z",
        "2026-03-08T07:00:00+0100", "2026-03-08T07:00:00.Z", "now", "", "2026-03-08T07:00:00Zjunk",
    ])
    func parseRejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func format() {
        let t = RFC3339.parse("2026-03-08T07:00:00Z")!
        #expect(RFC3339.format(t, offset: -14400) == "2026-03-08T03:00:00-04:00")
        #expect(RFC3339.format(t, offset: 0) == "2026-03-08T07:00:00+00:00")
        #expect(RFC3339.format(t, offset: 20700) == "2026-03-08T12:45:00+05:45")
        #expect(RFC3339.format(t + .milliseconds(1500), offset: 0) == "2026-03-08T07:00:01.500+00:00")
        #expect(RFC3339.format(Instant(seconds: -1), offset: 0) == "1969-12-31T23:59:59+00:00")
        #expect(RFC3339.format(t, zone: .utc) == "2026-03-08T07:00:00+00:00")
    }
}
