/// A job's schedule as written in the config, before it is bound to a time zone.
/// (Skeleton: the schedules issue fills in parsing, words and `compile`.)
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

// MARK: - Contract used by the config layer and the CLI (schedules issue implements these).
extension ScheduleSpec {
    /// `every = DURATION` with optional `at = ":MM"`/`"HH:MM"` offset. Interval at least 1 s.
    public static func parseEvery(_ interval: Duration, at: String?) throws(ScheduleSyntaxError) -> ScheduleSpec {
        throw ScheduleSyntaxError(message: "not implemented")
    }
    /// `daily = "HH:MM"` or a list of them.
    public static func parseDaily(_ times: [String]) throws(ScheduleSyntaxError) -> ScheduleSpec {
        throw ScheduleSyntaxError(message: "not implemented")
    }
    /// `hourly = MINUTE` (0…59).
    public static func parseHourly(_ minute: Int) throws(ScheduleSyntaxError) -> ScheduleSpec {
        throw ScheduleSyntaxError(message: "not implemented")
    }
    /// `weekly = "mon,thu 09:00"`.
    public static func parseWeekly(_ text: String) throws(ScheduleSyntaxError) -> ScheduleSpec {
        throw ScheduleSyntaxError(message: "not implemented")
    }
    /// `cron = "m h dom mon dow"` or an `@` nickname; an expression that never fires is an error.
    public static func parseCron(_ text: String) throws(ScheduleSyntaxError) -> ScheduleSpec {
        throw ScheduleSyntaxError(message: "not implemented")
    }
    /// The schedule in words for `check` and `list`, e.g. "every 10 minutes", "daily at 03:30".
    public var words: String { "" }
    /// Surprises worth a warning (e.g. the cron day-of-month/day-of-week OR rule).
    public var warnings: [String] { [] }
    /// Binds the schedule to a zone; the result answers `next(after:)`.
    public func compile(zone: TimeZoneRules) -> any Schedule {
        fatalError("not implemented")
    }
}
