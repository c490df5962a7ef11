import Testing
@testable import SchedulerCore

/// `every`: one real-time grid from Monday 1970-01-05 00:00 standard time, plus `at`.
@Suite struct ScheduleEveryTests {
    typealias T = ScheduleTestSupport

    static func every(_ d: String, at: String? = nil) -> ScheduleSpec {
        try! ScheduleSpec.parseEvery(try! DurationSyntax.parse(d), at: at)
    }

    @Test(arguments: [
        (every("10m"), "UTC", "2026-05-17T12:03:00Z", ["2026-05-17T12:10:00+00:00", "2026-05-17T12:20:00+00:00"]),
        (every("10m"), "UTC", "2026-05-17T12:10:00Z", ["2026-05-17T12:20:00+00:00"]),
        (every("1h", at: ":15"), "Asia/Kolkata", "2026-05-17T12:03:00+05:30", ["2026-05-17T12:15:00+05:30", "2026-05-17T13:15:00+05:30"]),
        (every("1h", at: "00:30"), "UTC", "2026-05-17T12:03:00Z", ["2026-05-17T12:30:00+00:00"]),
        (every("1d"), "America/New_York", "2026-03-06T12:00:00-05:00",
         ["2026-03-07T00:00:00-05:00", "2026-03-08T00:00:00-05:00", "2026-03-09T01:00:00-04:00"]),
        (every("1d", at: "03:30"), "Europe/Berlin", "2026-01-10T12:00:00+01:00", ["2026-01-11T03:30:00+01:00"]),
        (every("1h"), "America/New_York", "2026-03-08T00:30:00-05:00",
         ["2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00"]),
        (every("1h"), "America/New_York", "2026-11-01T00:30:00-04:00",
         ["2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"]),
        (every("1w"), "UTC", "2026-05-17T12:00:00Z", ["2026-05-18T00:00:00+00:00", "2026-05-25T00:00:00+00:00"]),
        (every("7m"), "UTC", "2026-05-17T12:00:00Z", ["2026-05-17T12:06:00+00:00", "2026-05-17T12:13:00+00:00", "2026-05-17T12:20:00+00:00"]),
        (every("90s"), "UTC", "2026-05-17T12:00:00Z", ["2026-05-17T12:01:30+00:00", "2026-05-17T12:03:00+00:00"]),
        (every("1500ms"), "UTC", "2026-05-17T12:00:00Z", ["2026-05-17T12:00:01.500+00:00", "2026-05-17T12:00:03+00:00"]),
        // Standard time is the reference: Lord Howe's 30-minute DST moves hourly slots to :30 in summer.
        (every("1h"), "Australia/Lord_Howe", "2026-01-10T12:10:00+11:00", ["2026-01-10T12:30:00+11:00"]),
        (every("1h"), "Australia/Lord_Howe", "2026-07-10T12:10:00+10:30", ["2026-07-10T13:00:00+10:30"]),
        // Dublin: tzdata calls summer time standard; the winter offset is the reference all the same.
        (every("1d"), "Europe/Dublin", "2026-01-10T12:00:00Z", ["2026-01-11T00:00:00+00:00"]),
        (every("1d"), "Europe/Dublin", "2026-07-10T12:00:00+01:00", ["2026-07-11T01:00:00+01:00"]),
        (every("30m"), "Pacific/Chatham", "2026-07-10T12:10:00+12:45", ["2026-07-10T12:30:00+12:45", "2026-07-10T13:00:00+12:45"]),
        (every("30m"), "Pacific/Chatham", "2026-01-10T12:10:00+13:45", ["2026-01-10T12:30:00+13:45", "2026-01-10T13:00:00+13:45"]),
        (every("1d"), "America/New_York", "2100-07-10T12:00:00-04:00", ["2100-07-11T01:00:00-04:00"]),
    ])
    func slots(spec: ScheduleSpec, zone: String, after: String, expected: [String]) {
        #expect(T.times(spec, zone: zone, after: after, count: expected.count) == expected)
    }

    /// Consecutive runs are exactly one interval apart in real time, through every DST change.
    @Test(arguments: ["10m", "1h", "1d", "7m", "25h", "45s"])
    func exactSpacing(interval: String) {
        let d = try! DurationSyntax.parse(interval)
        for zone in ["America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Europe/Dublin"] {
            let s = Self.every(interval).compile(zone: T.zone(zone))
            var t = s.next(after: T.instant("2011-01-01T00:00:00Z"))!
            var steps = 0, bad = 0
            while t < T.instant("2012-06-01T00:00:00Z") && steps < 20_000 {
                let n = s.next(after: t)!
                if n - t != d { bad += 1 }
                // Any instant inside the interval gives the same next slot.
                if s.next(after: n - .nanoseconds(1)) != n || s.next(after: t + d / 2) != n { bad += 1 }
                t = n; steps += 1
            }
            #expect(bad == 0, "\(zone)")
        }
    }

    @Test(arguments: [
        ("500ms", nil, "at least 1s"), ("0s", nil, "at least 1s"), ("10m", ":15", "not shorter"), ("1h", "1:00", "not shorter"),
        ("1h", ":60", "not an offset"), ("1h", "15", "not an offset"), ("1d", "24:00", "not an offset"), ("1h", ":5", "not an offset"),
    ] as [(String, String?, String)])
    func invalid(interval: String, at: String?, message: String) {
        let e = #expect(throws: ScheduleSyntaxError.self) { try ScheduleSpec.parseEvery(try! DurationSyntax.parse(interval), at: at) }
        #expect(e.map { $0.message.contains(message) || ($0.hint ?? "").contains(message) } == true, "\(e?.message ?? "")")
    }

    @Test func parsed() throws {
        #expect(try ScheduleSpec.parseEvery(.seconds(3600), at: ":15") == .every(interval: .seconds(3600), offset: .seconds(900)))
        #expect(try ScheduleSpec.parseEvery(.seconds(86_400), at: "03:30") == .every(interval: .seconds(86_400), offset: .seconds(12_600)))
        #expect(try ScheduleSpec.parseEvery(.seconds(1), at: nil) == .every(interval: .seconds(1), offset: .zero))
    }
}
