/// RFC 3339 timestamps as nanoseconds since the epoch, parsed without a time-zone database: what a state
/// file needs to read its own times back.
public enum Timestamp {
    /// The range of seconds an instant can hold (about 1678…2261), with margin for the fraction.
    public static let secondsRange: ClosedRange<Int64> = -9_200_000_000...9_200_000_000

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` (`T` may be `t` or a space, `Z` may be `z`) into
    /// nanoseconds since the epoch. A local time without an offset is refused: it would be ambiguous.
    /// A leap second (:60) is read as the next second, as POSIX time has none.
    public static func parse<C: Collection>(_ text: C) -> Int64? where C.Element == UInt8 {
        let b = Array(text)
        guard b.count >= 20, b.count <= 64 else { return nil }
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
              d <= daysInMonth(year: y, month: mo), h < 24, mi < 60, s < 61 else { return nil }
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
        let secs = daysFromCivil(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s - offset
        guard secondsRange.contains(secs) else { return nil }
        return secs * 1_000_000_000 + nanos
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
