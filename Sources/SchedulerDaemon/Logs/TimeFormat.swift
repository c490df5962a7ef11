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

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; nil if malformed.
    public static func parseRFC3339(_ text: String) -> Instant? { RFC3339.parse(text) }
}
