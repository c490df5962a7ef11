import StateFormats

/// RFC 3339 timestamps: `2026-03-08T03:00:00-04:00` (numeric offset, seconds always shown).
public enum RFC3339 {
    /// Formats `instant` in `zone`. Fractional seconds appear only when not zero.
    /// Offsets that are not whole minutes (old LMT) are cut to minutes, and the clock reading with them,
    /// so the text still names the same instant.
    public static func format(_ instant: Instant, zone: TimeZoneRules) -> String {
        format(instant, offset: zone.offset(at: instant) / 60 * 60)
    }

    /// Formats `instant` with a fixed UTC offset in seconds (whole minutes).
    public static func format(_ instant: Instant, offset: Int) -> String {
        let secs = instant.seconds
        let nanos = instant.nanoseconds &- secs &* 1_000_000_000
        var s = LocalTime(seconds: secs + Int64(offset)).description
        if nanos != 0 {
            var frac = pad(nanos, 9)
            while frac.hasSuffix("000") { frac.removeLast(3) }
            s += "." + frac
        }
        let a = abs(offset)
        return s + (offset < 0 ? "-" : "+") + pad(a / 3600, 2) + ":" + pad(a / 60 % 60, 2)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` (`T` may be `t` or a space, `Z` may be `z`).
    /// A local time without an offset is refused: it would be ambiguous. (StateFormats' checked parser.)
    public static func parse(_ text: String) -> Instant? { Timestamp.parse(text.utf8).map(Instant.init(nanoseconds:)) }

    static func pad<T: BinaryInteger>(_ n: T, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
