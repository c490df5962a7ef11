/// A job's schedule as written in the config, before it is bound to a time zone.
public enum ScheduleSpec: Sendable, Equatable {
    /// Elapsed-time interval; `offset` shifts the aligned slots (`at = ":15"`).
    case every(interval: Duration, offset: Duration)
    /// Wall-clock times of day (minutes since midnight), sorted, unique.
    case daily(minutes: [Int])
    /// Minute past every hour.
    case hourly(minute: Int)
    /// Days of week (0 = Sunday … 6) and wall-clock times (minutes since midnight).
    case weekly(days: [Int], minutes: [Int])
    /// A Debian-cron expression, kept as written; `@reboot` included.
    case cron(String)
}

/// Why a schedule value is not valid; `offset` is a character offset inside the value, when known.
public struct ScheduleSyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var hint: String?
    public var offset: Int?
    public init(message: String, hint: String? = nil, offset: Int? = nil) {
        self.message = message; self.hint = hint; self.offset = offset
    }
}

// MARK: - Contract used by the config layer and the CLI.
extension ScheduleSpec {
    /// `every = DURATION` with optional `at = ":MM"`/`"HH:MM"` offset. Interval at least 1 s; the offset
    /// must be shorter than the interval.
    public static func parseEvery(_ interval: Duration, at: String?) throws(ScheduleSyntaxError) -> ScheduleSpec {
        guard interval >= .seconds(1) else {
            throw ScheduleSyntaxError(message: "interval \(DurationSyntax.format(interval)) is too short",
                                      hint: "every takes at least 1s, e.g. every = \"10m\"")
        }
        guard let at else { return .every(interval: interval, offset: .zero) }
        let offset = try WallTimeSyntax.offset(at)
        guard offset < interval else {
            throw ScheduleSyntaxError(message: "offset '\(at)' is not shorter than the interval \(DurationSyntax.format(interval))",
                                      hint: "at shifts the slots within one interval, e.g. every = \"1h\" with at = \":15\"",
                                      offset: 0)
        }
        return .every(interval: interval, offset: offset)
    }

    /// `daily = "HH:MM"` or a list of them.
    public static func parseDaily(_ times: [String]) throws(ScheduleSyntaxError) -> ScheduleSpec {
        guard !times.isEmpty else {
            throw ScheduleSyntaxError(message: "no time of day", hint: WallTimeSyntax.timeHint)
        }
        var minutes: [Int] = []
        for t in times { minutes.append(try WallTimeSyntax.time(Substring(t))) }
        return .daily(minutes: Array(Set(minutes)).sorted())
    }

    /// `hourly = MINUTE` (0…59).
    public static func parseHourly(_ minute: Int) throws(ScheduleSyntaxError) -> ScheduleSpec {
        guard (0...59).contains(minute) else {
            throw ScheduleSyntaxError(message: "minute \(minute) is out of range (0-59)",
                                      hint: "hourly takes the minute past each hour, e.g. hourly = 15; for shorter intervals use every = \"10m\"")
        }
        return .hourly(minute: minute)
    }

    /// `weekly = "mon,thu 09:00"`: day names or ranges (`mon-fri`), then one or more HH:MM times.
    public static func parseWeekly(_ text: String) throws(ScheduleSyntaxError) -> ScheduleSpec {
        let (days, minutes) = try WallTimeSyntax.weekly(text)
        return .weekly(days: days, minutes: minutes)
    }

    /// `cron = "m h dom mon dow"` or an `@` nickname; an expression that never fires is an error.
    public static func parseCron(_ text: String) throws(ScheduleSyntaxError) -> ScheduleSpec {
        _ = try CronExpression.parse(text)
        return .cron(text)
    }

    /// The schedule in words for `check` and `list`, e.g. "every 10 minutes", "daily at 03:30".
    public var words: String {
        switch self {
        case .every(let interval, let offset): return ScheduleWords.every(interval, offset)
        case .daily(let minutes): return ScheduleWords.daily(minutes)
        case .hourly(let minute): return "hourly at :" + RFC3339.pad(minute, 2)
        case .weekly(let days, let minutes): return ScheduleWords.weekly(days, minutes)
        case .cron(let text): return (try? CronExpression.parse(text))?.words ?? "cron \(text)"
        }
    }

    /// Surprises worth a warning (e.g. the cron day-of-month/day-of-week OR rule).
    public var warnings: [String] {
        switch self {
        case .every(let interval, _):
            let ns = interval.nanoseconds, day: Int64 = 86_400_000_000_000
            if ns % day == 0 {
                return ["every counts elapsed time, so in zones with daylight saving time the runs come an hour "
                    + "later on the clock in summer; for a fixed time of day write daily = \"HH:MM\" or weekly"]
            }
            guard day % ns != 0 else { return [] }
            return ["\(DurationSyntax.format(interval)) does not divide a day, so the clock times of the runs shift "
                + "from day to day (slots count from Monday 1970-01-05 00:00 standard time); "
                + "'scheduler next' shows them"]
        case .cron(let text): return (try? CronExpression.parse(text))?.warnings ?? []
        default: return []
        }
    }

    /// Whether this is `@reboot`: it has no next time; the daemon runs it once per boot.
    public var isReboot: Bool {
        guard case .cron(let text) = self, text.utf8.contains(UInt8(ascii: "@")) else { return false }
        return (try? CronExpression.parse(text))?.reboot ?? false
    }

    /// Binds the schedule to a zone; the result answers `next(after:)`.
    public func compile(zone: TimeZoneRules) -> any Schedule {
        switch self {
        case .every(let interval, let offset):
            return EverySchedule(interval: interval, offset: offset, zone: zone)
        case .daily(let minutes):
            return WallClockSchedule(days: .everyDay, times: MinuteSet(minutes), zone: zone)
        case .hourly(let minute):
            var c = CronExpression()
            c.minutes = 1 << UInt64(minute); c.hours = 0xFF_FFFF; c.hourStar = true
            c.daysOfMonth = 0xFFFF_FFFE; c.months = 0x1FFE; c.daysOfWeek = 0x7F; c.domStar = true; c.dowStar = true
            return RealTimeCronSchedule(cron: c, zone: zone)
        case .weekly(let days, let minutes):
            let mask = days.reduce(UInt8(0)) { $0 | 1 << UInt8($1 % 7) }
            let rule = DayRule(months: 0x1FFE, daysOfMonth: 0xFFFF_FFFE, daysOfWeek: mask, both: true)
            return WallClockSchedule(days: rule, times: MinuteSet(minutes), zone: zone)
        case .cron(let text):
            guard let c = try? CronExpression.parse(text) else { return NeverSchedule() }
            if c.reboot { return RebootSchedule() }
            if c.isWallClock { return WallClockSchedule(days: c.dayRule, times: MinuteSet(hours: c.hours, minutes: c.minutes), zone: zone) }
            return RealTimeCronSchedule(cron: c, zone: zone)
        }
    }
}
