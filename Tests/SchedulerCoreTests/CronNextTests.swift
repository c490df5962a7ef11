import Testing
@testable import SchedulerCore

/// Next run times of cron expressions, including DST gaps and overlaps in unusual zones.
/// Expected values come from cronsim (Debian cron's semantics) and were checked by hand.
@Suite struct CronNextTests {
    typealias T = ScheduleTestSupport

    @Test(arguments: [
        ("30 2 * * *", "America/New_York", "2026-03-07T12:00:00-05:00", ["2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-10T02:30:00-04:00"]),
        ("0 2 * * *", "America/New_York", "2026-03-07T12:00:00-05:00", ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00", "2026-03-10T02:00:00-04:00"]),
        ("30 1 * * *", "America/New_York", "2026-10-31T12:00:00-04:00", ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00", "2026-11-03T01:30:00-05:00"]),
        ("*/30 * * * *", "America/New_York", "2026-03-08T01:00:00-05:00", ["2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"]),
        ("*/30 * * * *", "America/New_York", "2026-11-01T00:30:00-04:00", ["2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00"]),
        ("0 * * * *", "America/New_York", "2026-11-01T00:00:00-04:00", ["2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"]),
        ("* 2 * * *", "America/New_York", "2026-03-08T01:58:00-05:00", ["2026-03-09T02:00:00-04:00", "2026-03-09T02:01:00-04:00", "2026-03-09T02:02:00-04:00"]),
        ("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00+01:00", ["2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"]),
        ("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00+02:00", ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00", "2026-10-27T02:30:00+01:00"]),
        ("15 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00+10:30", ["2026-10-04T02:30:00+11:00", "2026-10-05T02:15:00+11:00", "2026-10-06T02:15:00+11:00"]),
        ("45 1 * * *", "Australia/Lord_Howe", "2026-04-04T12:00:00+11:00", ["2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30", "2026-04-07T01:45:00+10:30"]),
        ("*/20 * * * *", "Australia/Lord_Howe", "2026-10-04T01:30:00+10:30", ["2026-10-04T01:40:00+10:30", "2026-10-04T02:40:00+11:00", "2026-10-04T03:00:00+11:00"]),
        ("*/20 * * * *", "Australia/Lord_Howe", "2026-04-05T01:10:00+11:00", ["2026-04-05T01:20:00+11:00", "2026-04-05T01:40:00+11:00", "2026-04-05T01:40:00+10:30"]),
        ("0 3 * * *", "Pacific/Chatham", "2026-09-26T12:00:00+12:45", ["2026-09-27T03:45:00+13:45", "2026-09-28T03:00:00+13:45", "2026-09-29T03:00:00+13:45"]),
        ("0 3 * * *", "Pacific/Chatham", "2026-04-04T12:00:00+13:45", ["2026-04-05T03:00:00+13:45", "2026-04-06T03:00:00+12:45", "2026-04-07T03:00:00+12:45"]),
        ("0 0 * * *", "America/Sao_Paulo", "2018-11-03T12:00:00-03:00", ["2018-11-04T01:00:00-02:00", "2018-11-05T00:00:00-02:00", "2018-11-06T00:00:00-02:00"]),
        ("30 0 * * *", "America/Sao_Paulo", "2018-11-03T12:00:00-03:00", ["2018-11-04T01:00:00-02:00", "2018-11-05T00:30:00-02:00", "2018-11-06T00:30:00-02:00"]),
        ("0 * * * *", "America/Sao_Paulo", "2018-11-03T22:30:00-03:00", ["2018-11-03T23:00:00-03:00", "2018-11-04T01:00:00-02:00", "2018-11-04T02:00:00-02:00"]),
        ("30 23 * * *", "America/Sao_Paulo", "2019-02-16T12:00:00-02:00", ["2019-02-16T23:30:00-02:00", "2019-02-17T23:30:00-03:00", "2019-02-18T23:30:00-03:00"]),
        ("0 0 * * *", "America/Sao_Paulo", "2019-02-16T12:00:00-02:00", ["2019-02-17T00:00:00-03:00", "2019-02-18T00:00:00-03:00", "2019-02-19T00:00:00-03:00"]),
        ("30 1 * * *", "Europe/Dublin", "2026-03-28T12:00:00+00:00", ["2026-03-29T02:00:00+01:00", "2026-03-30T01:30:00+01:00", "2026-03-31T01:30:00+01:00"]),
        ("30 1 * * *", "Europe/Dublin", "2026-10-24T12:00:00+01:00", ["2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00", "2026-10-27T01:30:00+00:00"]),
        ("0 12 * * *", "Pacific/Apia", "2011-12-29T00:00:00-10:00", ["2011-12-29T12:00:00-10:00", "2011-12-31T00:00:00+14:00", "2011-12-31T12:00:00+14:00"]),
        ("0 0 * * *", "Pacific/Apia", "2011-12-29T00:00:00-10:00", ["2011-12-31T00:00:00+14:00", "2012-01-01T00:00:00+14:00", "2012-01-02T00:00:00+14:00"]),
        ("0 * * * *", "Pacific/Apia", "2011-12-29T22:30:00-10:00", ["2011-12-29T23:00:00-10:00", "2011-12-31T00:00:00+14:00", "2011-12-31T01:00:00+14:00"]),
        ("30 2 * * *", "America/New_York", "2100-03-13T12:00:00-05:00", ["2100-03-14T03:00:00-04:00", "2100-03-15T02:30:00-04:00", "2100-03-16T02:30:00-04:00"]),
        ("30 1 * * *", "America/New_York", "2100-11-06T12:00:00-04:00", ["2100-11-07T01:30:00-04:00", "2100-11-08T01:30:00-05:00", "2100-11-09T01:30:00-05:00"]),
        ("0 0 29 2 mon", "UTC", "2026-01-01T00:00:00Z", ["2026-02-02T00:00:00+00:00", "2026-02-09T00:00:00+00:00", "2026-02-16T00:00:00+00:00"]),
        ("0 0 29 2 *", "UTC", "2096-03-01T00:00:00Z", ["2104-02-29T00:00:00+00:00", "2108-02-29T00:00:00+00:00", "2112-02-29T00:00:00+00:00"]),
        ("0 0 13 * 5", "UTC", "2026-02-01T00:00:00Z", ["2026-02-06T00:00:00+00:00", "2026-02-13T00:00:00+00:00", "2026-02-20T00:00:00+00:00"]),
        ("0 0 */2 * mon", "UTC", "2026-02-01T00:00:00Z", ["2026-02-09T00:00:00+00:00", "2026-02-23T00:00:00+00:00", "2026-03-09T00:00:00+00:00"]),
        ("0 0 1 * */2", "UTC", "2026-02-01T00:00:00Z", ["2026-03-01T00:00:00+00:00", "2026-08-01T00:00:00+00:00", "2026-09-01T00:00:00+00:00"]),
        ("0 0 * * 7", "UTC", "2026-02-01T00:00:00Z", ["2026-02-08T00:00:00+00:00", "2026-02-15T00:00:00+00:00", "2026-02-22T00:00:00+00:00"]),
        ("0 0 * * 0", "UTC", "2026-02-01T00:00:00Z", ["2026-02-08T00:00:00+00:00", "2026-02-15T00:00:00+00:00", "2026-02-22T00:00:00+00:00"]),
        ("5 4 * jan-mar,DEC Sat", "UTC", "2026-02-01T00:00:00Z", ["2026-02-07T04:05:00+00:00", "2026-02-14T04:05:00+00:00", "2026-02-21T04:05:00+00:00"]),
        ("*/10 9-17 * * mon-fri", "Europe/Berlin", "2026-02-06T16:45:00+01:00", ["2026-02-06T16:50:00+01:00", "2026-02-06T17:00:00+01:00", "2026-02-06T17:10:00+01:00"]),
    ])
    func nextTimes(expr: String, zone: String, after: String, expected: [String]) {
        #expect(T.times(T.cron(expr), zone: zone, after: after) == expected)
    }

    /// Wall-clock mode: a time in the gap runs once when the gap ends; in the overlap, once, first pass.
    @Test func wallClockRunsOnceAroundDST() {
        // 02:00, 02:30 and 03:00 all map to 03:00 EDT on the spring-forward day: one run.
        #expect(T.times(T.cron("0,30 2,3 8 3 *"), zone: "America/New_York", after: "2026-03-08T00:00:00-05:00", count: 2)
            == ["2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"])
        // 01:00 and 01:30 run in the first pass only.
        #expect(T.times(T.cron("0,30 1 1 11 *"), zone: "America/New_York", after: "2026-11-01T00:00:00-04:00", count: 3)
            == ["2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2027-11-01T01:00:00-04:00"])
    }

    /// Strictly after, even from the second pass of a repeated hour (cronsim would answer 01:30 EDT,
    /// which is earlier than --after).
    @Test func strictlyAfterInsideOverlap() {
        #expect(T.times(T.cron("30 1 * * *"), zone: "America/New_York", after: "2026-11-01T01:10:00-05:00", count: 1)
            == ["2026-11-02T01:30:00-05:00"])
        #expect(T.times(T.cron("30 2 * * *"), zone: "America/New_York", after: "2026-11-01T01:10:00-05:00", count: 1)
            == ["2026-11-01T02:30:00-05:00"])
    }

    /// Real time: consecutive `*/15` runs are 15 real minutes apart through both changes of a year.
    @Test(arguments: ["America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "Europe/Dublin", "America/Sao_Paulo"])
    func wildcardFollowsRealTime(zone: String) {
        let s = T.cron("*/15 * * * *").compile(zone: T.zone(zone))
        var t = T.instant("2026-01-01T00:00:00Z")
        let end = T.instant("2027-01-01T00:00:00Z")
        let z = T.zone(zone)
        while t < end {
            let n = s.next(after: t)!
            #expect(z.localTime(at: n).minute % 15 == 0)
            if (n - t) != .seconds(900), t != T.instant("2026-01-01T00:00:00Z") {
                // Only a zone whose offset moves by a non-multiple of 15 minutes may break the rhythm.
                #expect(zone == "Australia/Lord_Howe" || zone == "Pacific/Chatham", "\(RFC3339.format(t, zone: z)) → \(RFC3339.format(n, zone: z))")
            }
            t = n
        }
    }

    /// Wildcard expressions run at every real minute whose reading matches. cronsim steps hours in real
    /// time from a reading it rounded down, so after a 30-minute change it lands on :30 and skips
    /// 09:00 and 09:15 here (and 03:00–03:29 below); Debian cron, checking each minute, would not.
    @Test func realTimeWhereCronsimStrays() {
        #expect(T.times(T.cron("*/15 9-17 * * *"), zone: "Australia/Lord_Howe", after: "2026-10-04T01:00:00+10:30", count: 2)
            == ["2026-10-04T09:00:00+11:00", "2026-10-04T09:15:00+11:00"])
        #expect(T.times(T.cron("* 3 * * *"), zone: "Australia/Lord_Howe", after: "2023-04-02T00:45:00+11:00", count: 2)
            == ["2023-04-02T03:00:00+10:30", "2023-04-02T03:01:00+10:30"])
        // Gaza skipped 00:00–01:00 on 2002-04-19: no reading with hour 0 that day (cronsim: 01:00).
        #expect(T.times(T.cron("*/27 */14 * * fri"), zone: "Asia/Gaza", after: "2002-04-18T22:11:43+02:00", count: 2)
            == ["2002-04-19T14:00:00+03:00", "2002-04-19T14:27:00+03:00"])
    }

    @Test func sparseExpressionsAndLimits() {
        #expect(T.times(T.cron("0 0 29 2 *"), zone: "UTC", after: "2026-01-01T00:00:00Z", count: 2)
            == ["2028-02-29T00:00:00+00:00", "2032-02-29T00:00:00+00:00"])
        // February 29th that is a Sunday or Friday: AND rule, as day-of-week starts with '*'.
        #expect(T.times(T.cron("0 0 29 2 */5"), zone: "UTC", after: "2026-01-01T00:00:00Z", count: 2)
            == ["2032-02-29T00:00:00+00:00", "2036-02-29T00:00:00+00:00"])
        // `*/29` is days 1 and 30: February 1st when it is a Friday.
        #expect(T.times(T.cron("0 0 */29 2 fri"), zone: "UTC", after: "2026-01-01T00:00:00Z", count: 2)
            == ["2030-02-01T00:00:00+00:00", "2036-02-01T00:00:00+00:00"])
        #expect(T.cron("@reboot").compile(zone: .utc).next(after: T.instant("2026-01-01T00:00:00Z")) == nil)
    }

    @Test func nicknames() {
        let after = "2026-05-17T10:00:00Z"
        #expect(T.times(T.cron("@hourly"), zone: "UTC", after: after, count: 1) == ["2026-05-17T11:00:00+00:00"])
        #expect(T.times(T.cron("@daily"), zone: "UTC", after: after, count: 1) == ["2026-05-18T00:00:00+00:00"])
        #expect(T.times(T.cron("@midnight"), zone: "UTC", after: after, count: 1) == ["2026-05-18T00:00:00+00:00"])
        #expect(T.times(T.cron("@weekly"), zone: "UTC", after: after, count: 1) == ["2026-05-24T00:00:00+00:00"])
        #expect(T.times(T.cron("@monthly"), zone: "UTC", after: after, count: 1) == ["2026-06-01T00:00:00+00:00"])
        #expect(T.times(T.cron("@yearly"), zone: "UTC", after: after, count: 1) == ["2027-01-01T00:00:00+00:00"])
        #expect(T.times(T.cron("@annually"), zone: "UTC", after: after, count: 1) == ["2027-01-01T00:00:00+00:00"])
    }

    @Test func fractionalAfterIsStillStrict() {
        let s = T.cron("* * * * *").compile(zone: .utc)
        let t = Instant(nanoseconds: T.instant("2026-05-17T10:00:00Z").nanoseconds + 1)
        #expect(s.next(after: t) == T.instant("2026-05-17T10:01:00Z"))
        #expect(s.next(after: T.instant("2026-05-17T09:59:59Z")) == T.instant("2026-05-17T10:00:00Z"))
    }
}
