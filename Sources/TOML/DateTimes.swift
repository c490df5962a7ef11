/// RFC 3339 dates and times as TOML uses them: scanning with range checks, and decoding on access.
extension DocumentParser {
    /// `YYYY-MM-DD`, optionally followed by `T`/`t`/space and a time, and then an optional offset.
    mutating func scanDateTime() throws(TOMLError) {
        let start = i
        let year = try digits(4, "year"), _ = try expect(UInt8(ascii: "-"), "'-' after the year")
        let month = try digits(2, "month"), _ = try expect(UInt8(ascii: "-"), "'-' after the month")
        let day = try digits(2, "day")
        guard (1...12).contains(month) else { throw fail(start + 5, "month \(text(start + 5, start + 7)) is out of range 01-12") }
        guard day >= 1 && day <= DateDecoder.daysIn(month, year) else {
            throw fail(start + 8, "day \(text(start + 8, start + 10)) is out of range for \(text(start, start + 7))")
        }
        let sep = at(i)
        let timeFollows = sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t")
            || (sep == 0x20 && Self.isDigit(at(i + 1)) && Self.isDigit(at(i + 2)) && at(i + 3) == UInt8(ascii: ":"))
        guard timeFollows else { return }
        i += 1
        try scanTime()
        try scanOffset()
    }

    /// `HH:MM:SS` with an optional fraction (TOML 1.1: seconds optional).
    mutating func scanTime() throws(TOMLError) {
        let start = i
        let hour = try digits(2, "hour"), _ = try expect(UInt8(ascii: ":"), "':' after the hour")
        let minute = try digits(2, "minute")
        guard hour <= 23 else { throw fail(start, "hour \(text(start, start + 2)) is out of range 00-23") }
        guard minute <= 59 else { throw fail(start + 3, "minute \(text(start + 3, start + 5)) is out of range 00-59") }
        if toml11 && at(i) != UInt8(ascii: ":") { return }
        _ = try expect(UInt8(ascii: ":"), "':' and seconds after the minute")
        let second = try digits(2, "second")
        // 60 is a leap second, which RFC 3339 allows.
        guard second <= 60 else { throw fail(start + 6, "second \(text(start + 6, start + 8)) is out of range 00-60") }
        guard at(i) == UInt8(ascii: ".") else { return }
        i += 1
        guard Self.isDigit(at(i)) else { throw fail(i, "expected a digit after the decimal point in the seconds, found \(found(i))") }
        while Self.isDigit(at(i)) { i += 1 }
    }

    /// `Z`, `z`, `+HH:MM` or `-HH:MM` (none: a local date-time).
    mutating func scanOffset() throws(TOMLError) {
        let b = at(i)
        if b == UInt8(ascii: "Z") || b == UInt8(ascii: "z") { i += 1; return }
        guard b == UInt8(ascii: "+") || b == UInt8(ascii: "-") else { return }
        let start = i
        i += 1
        let hour = try digits(2, "offset hour"), _ = try expect(UInt8(ascii: ":"), "':' in the time offset")
        let minute = try digits(2, "offset minute")
        guard hour <= 23, minute <= 59 else { throw fail(start, "time offset \(text(start, i)) is out of range") }
    }

    /// Exactly `n` decimal digits.
    mutating func digits(_ n: Int, _ what: String) throws(TOMLError) -> Int {
        var v = 0
        for _ in 0..<n {
            guard Self.isDigit(at(i)) else { throw fail(i, "expected \(n) digits for the \(what), found \(found(i))") }
            v = v * 10 + Int(p[i] - 0x30)
            i += 1
        }
        return v
    }

    mutating func expect(_ b: UInt8, _ what: String) throws(TOMLError) -> Bool {
        guard at(i) == b else { throw fail(i, "expected \(what), found \(found(i))") }
        i += 1
        return true
    }
}

/// Values of checked date/time tokens.
enum DateDecoder {
    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func dateTime(_ p: UnsafePointer<UInt8>, offset: Int, length: Int) -> TOMLDateTime {
        var j = offset
        let stop = offset + length
        var date: TOMLDateTime.Date?
        if length >= 10 && p[offset + 4] == UInt8(ascii: "-") {
            let y = number(p, &j, 4), m = number(p, &j, 2, after: 1)
            date = .init(year: y, month: m, day: number(p, &j, 2, after: 1))
            guard j < stop else { return TOMLDateTime(date: date, time: nil, offsetMinutes: nil) }
            j += 1  // T, t or space
        }
        let time = self.time(p, &j, stop)
        var offsetMinutes: Int?
        if j < stop {
            if p[j] | 0x20 == UInt8(ascii: "z") {
                offsetMinutes = 0
            } else {
                let sign = p[j] == UInt8(ascii: "-") ? -1 : 1
                let hours = number(p, &j, 2, after: 1)
                offsetMinutes = sign * (hours * 60 + number(p, &j, 2, after: 1))
            }
        }
        return TOMLDateTime(date: date, time: time, offsetMinutes: offsetMinutes)
    }

    /// `HH:MM[:SS][.fraction]` at `j`; digits past nanoseconds are dropped.
    private static func time(_ p: UnsafePointer<UInt8>, _ j: inout Int, _ stop: Int) -> TOMLDateTime.Time {
        let h = number(p, &j, 2), m = number(p, &j, 2, after: 1)
        var s = 0, nanos = 0
        if j < stop && p[j] == UInt8(ascii: ":") { s = number(p, &j, 2, after: 1) }
        if j < stop && p[j] == UInt8(ascii: ".") {
            j += 1
            var scale = 100_000_000
            while j < stop && p[j] >= 0x30 && p[j] <= 0x39 {
                nanos += Int(p[j] - 0x30) * scale
                scale /= 10
                j += 1
            }
        }
        return TOMLDateTime.Time(hour: h, minute: m, second: s, nanosecond: nanos)
    }

    /// `n` digits at `j` after skipping `after` separator bytes.
    private static func number(_ p: UnsafePointer<UInt8>, _ j: inout Int, _ n: Int, after: Int = 0) -> Int {
        j += after
        var v = 0
        for _ in 0..<n { v = v * 10 + Int(p[j] &- 0x30); j += 1 }
        return v
    }
}
