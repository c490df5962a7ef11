import SchedulerCore

/// RFC 3339 timestamps with a numeric offset, e.g. `2026-11-28T17:33:29+09:00` (wraps SchedulerCore's RFC3339).
public enum TimeFormat {
    /// Formats `instant` in `zone`: whole seconds, or with `fraction` milliseconds when not zero.
    public static func rfc3339(_ instant: Instant, zone: TimeZoneRules, fraction: Bool = false) -> String {
        let unit: Int64 = fraction ? 1_000_000 : 1_000_000_000
        let n = instant.nanoseconds
        let truncated = n >= 0 ? n / unit * unit : (n - unit + 1) / unit * unit
        return RFC3339.format(Instant(nanoseconds: truncated), zone: zone)
    }

    /// A log line's timestamp, Heroku style, always with microseconds: `2026-11-28T17:33:29.123456+09:00`.
    public static func logStamp(_ instant: Instant, zone: TimeZoneRules) -> String {
        String(decoding: withMicroseconds(Array(rfc3339(instant, zone: zone).utf8), instant), as: UTF8.self)
    }

    /// Puts `.ffffff` (the microseconds of `instant`) before the `±HH:MM` that ends `stamp` (whole seconds,
    /// optionally followed by one space): the log writer formats a second once and adds this per line.
    public static func withMicroseconds(_ stamp: [UInt8], _ instant: Instant) -> [UInt8] {
        let n = instant.nanoseconds % 1_000_000_000
        let micros = Int((n < 0 ? n + 1_000_000_000 : n) / 1000)
        var digits: [UInt8] = [0x2E, 0, 0, 0, 0, 0, 0]
        var m = micros
        for i in stride(from: 6, through: 1, by: -1) { digits[i] = UInt8(0x30 + m % 10); m /= 10 }
        let cut = stamp.count - (stamp.last == 0x20 ? 7 : 6)
        guard cut > 0 else { return stamp }
        return Array(stamp[..<cut]) + digits + stamp[cut...]
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; nil if malformed.
    public static func parseRFC3339(_ text: String) -> Instant? { RFC3339.parse(text) }
}
