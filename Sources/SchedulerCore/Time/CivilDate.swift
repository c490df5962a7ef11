/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01),
/// after Howard Hinnant's `days_from_civil` / `civil_from_days`. Pure integer math, no tables.
public enum CivilDate {
    /// Floor division (rounds toward negative infinity); `b` must be positive.
    @inline(__always)
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    /// Days since 1970-01-01 for year `y`, month 1…12, day 1…31.
    public static func days(year y0: Int64, month m: Int64, day d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month 1…12, day 1…31) for a day number.
    public static func civil(days z0: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, Int(m), Int(d))
    }

    /// Day of week, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
    @inline(__always)
    public static func weekday(days: Int64) -> Int {
        Int(days + 4 - floorDiv(days + 4, 7) * 7)
    }

    public static func isLeap(_ y: Int64) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    /// Days in month `m` (1…12) of year `y`.
    public static func daysInMonth(year y: Int64, month m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A wall-clock reading as seconds since 1970-01-01T00:00 *as if* it were UTC ("naive" local time).
/// Arithmetic on it is calendar arithmetic: adding 3600 always moves the clock hands one hour.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64
    public init(seconds: Int64) { self.seconds = seconds }
    public init(year: Int64, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        seconds = CivilDate.days(year: year, month: Int64(month), day: Int64(day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }
    public static func < (a: Self, b: Self) -> Bool { a.seconds < b.seconds }

    public var days: Int64 { CivilDate.floorDiv(seconds, 86_400) }
    /// Seconds since local midnight.
    public var secondOfDay: Int { Int(seconds - days * 86_400) }
    public var date: (year: Int64, month: Int, day: Int) { CivilDate.civil(days: days) }
    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }
    public var second: Int { secondOfDay % 60 }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var description: String {
        let (y, m, d) = date
        let s = secondOfDay
        return "\(RFC3339.pad(y, 4))-\(RFC3339.pad(m, 2))-\(RFC3339.pad(d, 2))T"
            + "\(RFC3339.pad(s / 3600, 2)):\(RFC3339.pad(s / 60 % 60, 2)):\(RFC3339.pad(s % 60, 2))"
    }
}
