import Testing
@testable import SchedulerCore

/// Schedules in words and their warnings.
@Suite struct ScheduleWordsTests {
    static func every(_ d: String, at: String? = nil) -> ScheduleSpec {
        try! ScheduleSpec.parseEvery(try! DurationSyntax.parse(d), at: at)
    }

    @Test(arguments: [
        (every("10m"), "every 10 minutes"), (every("1h", at: ":15"), "every hour at :15"), (every("1h"), "every hour"),
        (every("2h", at: "01:00"), "every 2 hours from 01:00 standard time"),
        (every("1d", at: "03:30"), "every day at 03:30 standard time"),
        (every("10m", at: ":05"), "every 10 minutes from :05"), (every("90s"), "every 90 seconds"),
        (every("1h30m"), "every 90 minutes"), (every("1w"), "every week"), (every("1500ms"), "every 1s500ms"),
        (every("1d", at: "00:00"), "every day"),
        (.daily(minutes: [210]), "daily at 03:30"), (.daily(minutes: [210, 900]), "daily at 03:30 and 15:00"),
        (.daily(minutes: [60, 120, 180]), "daily at 01:00, 02:00 and 03:00"),
        (.hourly(minute: 15), "hourly at :15"), (.hourly(minute: 5), "hourly at :05"),
        (.weekly(days: [1, 4], minutes: [540]), "weekly on Mon, Thu at 09:00"),
        (.weekly(days: [1, 2, 3, 4, 5], minutes: [510, 1020]), "weekly on Mon–Fri at 08:30 and 17:00"),
        (.weekly(days: [0, 6], minutes: [600]), "weekly on Sat, Sun at 10:00"),
        (.cron("0 3 * * 1-5"), "cron 0 3 * * 1-5 (at 03:00 on Mon–Fri)"),
        (.cron("*/10 * * * *"), "cron */10 * * * * (every 10 minutes)"),
        (.cron("* * * * *"), "cron * * * * * (every minute)"),
        (.cron("15 * * * *"), "cron 15 * * * * (hourly at :15)"),
        (.cron("0 0 1 1 *"), "cron 0 0 1 1 * (at 00:00 on day 1 in Jan)"),
        (.cron("30 8,20 * * *"), "cron 30 8,20 * * * (at 08:30 and 20:30)"),
        (.cron("0 */2 * * *"), "cron 0 */2 * * * (at :00 every 2 hours)"),
        (.cron("0 0 13 * fri"), "cron 0 0 13 * fri (at 00:00 on day 13 and on every Fri)"),
        (.cron("0 0 */2 * mon"), "cron 0 0 */2 * mon (at 00:00 on days 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31 if a Mon)"),
        (.cron("*/5 9-17 * jun-aug sat,sun"), "cron */5 9-17 * jun-aug sat,sun (every 5 minutes during hours 9–17 on Sat, Sun in Jun–Aug)"),
        (.cron("5,35 9-17 * * *"), "cron 5,35 9-17 * * * (at minutes 5, 35 past hours 9–17)"),
        (.cron("@daily"), "cron @daily (at 00:00)"), (.cron("@weekly"), "cron @weekly (at 00:00 on Sun)"),
        (.cron("@reboot"), "at boot"),
    ])
    func words(spec: ScheduleSpec, expected: String) {
        #expect(spec.words == expected)
    }

    @Test func everyWarnings() {
        #expect(Self.every("7m").warnings.count == 1)
        #expect(Self.every("25h").warnings.count == 1)
        for ok in ["10m", "1h", "6h", "45s", "90m"] { #expect(Self.every(ok).warnings.isEmpty, "\(ok)") }
        for days in ["1d", "2d", "1w"] { #expect(Self.every(days).warnings.first?.contains("daily") == true, "\(days)") }
        #expect(ScheduleSpec.daily(minutes: [1]).warnings.isEmpty)
    }

    @Test func reboot() {
        #expect(ScheduleSpec.cron("@reboot").isReboot)
        #expect(!ScheduleSpec.cron("@daily").isReboot && !ScheduleSpec.hourly(minute: 1).isReboot)
    }
}
