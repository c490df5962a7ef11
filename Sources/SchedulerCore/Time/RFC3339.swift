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
    /// A local time without an offset is refused: it would be ambiguous.
    public static func parse(_ text: String) -> Instant? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func num(_ from: Int, _ len: Int) -> Int64? {
            guard from + len <= b.count else { return nil }
            var n: Int64 = 0
            for c in b[from..<from + len] {
                guard c >= 48, c <= 57 else { return nil }
                n = n * 10 + Int64(c - 48)
            }
            return n
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
              let s = num(17, 2), b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116 || b[10] == 32,
              b[13] == 58, b[16] == 58, (1...12).contains(mo), d >= 1,
              d <= CivilDate.daysInMonth(year: y, month: Int(mo)), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19, nanos: Int64 = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale: Int64 = 100_000_000, digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 { nanos += Int64(b[i] - 48) * scale; scale /= 10; i += 1; digits += 1 }
            guard digits > 0 else { return nil }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        if b[i] == 90 || b[i] == 122 {
            guard i + 1 == b.count else { return nil }
        } else {
            guard b[i] == 43 || b[i] == 45, i + 6 == b.count, b[i + 3] == 58,
                  let oh = num(i + 1, 2), let om = num(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
        }
        // A leap second (:60) is read as the next second, as POSIX time has none.
        let local = LocalTime(year: y, month: Int(mo), day: Int(d), hour: Int(h), minute: Int(mi)).seconds + s
        let secs = local - offset
        guard secs > -9_200_000_000, secs < 9_200_000_000 else { return nil }
        return Instant(nanoseconds: secs * 1_000_000_000 + nanos)
    }

    static func pad<T: BinaryInteger>(_ n: T, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
