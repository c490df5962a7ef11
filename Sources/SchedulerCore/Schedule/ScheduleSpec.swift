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
