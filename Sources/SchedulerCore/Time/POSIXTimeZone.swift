/// A POSIX TZ rule string such as `EST5EDT,M3.2.0,M11.1.0` or `<+1030>-10:30<+11>-11,M10.1.0,M4.1.0`,
/// as found in `$TZ` and in the footer of TZif files (RFC 8536 §3.3, including its extensions:
/// transition hours from -167 to 167).
struct POSIXTimeZone: Equatable {
    /// When a change happens: a day rule and seconds after that day's local midnight.
    enum Day: Equatable {
        /// `Jn`: day 1…365, February 29 never counted.
        case julian(Int)
        /// `n`: day 0…365, February 29 counted in leap years.
        case ordinal(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1…4, 5 = last) of month `m`.
        case month(Int, Int, Int)
    }

    struct Rule: Equatable {
        var start: Day, startTime: Int
        var end: Day, endTime: Int
    }

    /// Standard-time UTC offset, seconds east of Greenwich (POSIX writes the opposite sign).
    var standard: Int
    /// Daylight-time offset and the rule for it; nil when there is no DST.
    var daylight: Int?
    var rule: Rule?

    /// Parses a TZ string; nil when malformed.
    static func parse(_ text: String) -> POSIXTimeZone? {
        var p = Scanner(Array(text.utf8))
        guard p.name(), let std = p.offset(maxHours: 24) else { return nil }
        var tz = POSIXTimeZone(standard: -std, daylight: nil, rule: nil)
        if p.atEnd { return tz }
        guard p.name() else { return nil }
        var dst = tz.standard + 3600
        if !p.atEnd, p.peek != UInt8(ascii: ",") {
            guard let d = p.offset(maxHours: 24) else { return nil }
            dst = -d
        }
        tz.daylight = dst
        // glibc's default when a DST name comes without a rule: the US rule.
        guard p.eat(",") else {
            guard p.atEnd else { return nil }
            tz.rule = Rule(start: .month(3, 2, 0), startTime: 7200, end: .month(11, 1, 0), endTime: 7200)
            return tz
        }
        guard let (s, st) = p.change(), p.eat(","), let (e, et) = p.change(), p.atEnd else { return nil }
        tz.rule = Rule(start: s, startTime: st, end: e, endTime: et)
        return tz
    }

    /// The smaller of the two offsets: "winter time", also for zones that tzdata models with
    /// negative DST (Europe/Dublin's standard time is its summer time there).
    var winterOffset: Int { min(standard, daylight ?? standard) }

    /// The offset changes in `year`, as (UTC second, offset from then on), ascending.
    func changes(year: Int64) -> [(Int64, Int)] {
        guard let dst = daylight, let r = rule else { return [] }
        // Start is written in standard time, end in daylight time.
        let start = Self.localSeconds(r.start, year: year) + Int64(r.startTime) - Int64(standard)
        let end = Self.localSeconds(r.end, year: year) + Int64(r.endTime) - Int64(dst)
        return start < end ? [(start, dst), (end, standard)] : [(end, standard), (start, dst)]
    }

    /// Local midnight of the rule's day in `year`, as naive seconds.
    static func localSeconds(_ day: Day, year: Int64) -> Int64 {
        let jan1 = CivilDate.days(year: year, month: 1, day: 1)
        switch day {
        case .julian(let n):
            let leapShift = CivilDate.isLeap(year) && n >= 60 ? 1 : 0
            return (jan1 + Int64(n - 1 + leapShift)) * 86_400
        case .ordinal(let n):
            return (jan1 + Int64(n)) * 86_400
        case .month(let m, let w, let d):
            let first = CivilDate.days(year: year, month: Int64(m), day: 1)
            var day = 1 + (d - CivilDate.weekday(days: first) + 7) % 7 + (w - 1) * 7
            let last = CivilDate.daysInMonth(year: year, month: m)
            while day > last { day -= 7 }
            return (first + Int64(day - 1)) * 86_400
        }
    }

    /// Byte scanner for the TZ grammar.
    private struct Scanner {
        let b: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { self.b = b }
        var atEnd: Bool { i >= b.count }
        var peek: UInt8? { i < b.count ? b[i] : nil }

        mutating func eat(_ c: Unicode.Scalar) -> Bool {
            guard peek == UInt8(ascii: c) else { return false }
            i += 1; return true
        }

        /// `<…>` quoted or three or more letters.
        mutating func name() -> Bool {
            if eat("<") {
                let start = i
                while let c = peek, c != UInt8(ascii: ">") { i += 1 }
                return i > start && eat(">")
            }
            let start = i
            while let c = peek, (c | 0x20) >= 97, (c | 0x20) <= 122 { i += 1 }
            return i - start >= 3
        }

        mutating func number(max: Int) -> Int? {
            var n = 0, digits = 0
            while let c = peek, c >= 48, c <= 57, digits < 4 { n = n * 10 + Int(c - 48); i += 1; digits += 1 }
            return digits > 0 && n <= max ? n : nil
        }

        /// `[+-]hh[:mm[:ss]]` in seconds, sign as written.
        mutating func offset(maxHours: Int) -> Int? {
            let sign = eat("-") ? -1 : 1
            if sign == 1 { _ = eat("+") }
            guard let h = number(max: maxHours) else { return nil }
            var s = h * 3600
            if eat(":") {
                guard let m = number(max: 59) else { return nil }
                s += m * 60
                if eat(":") {
                    guard let sec = number(max: 59) else { return nil }
                    s += sec
                }
            }
            return sign * s
        }

        /// `date[/time]`, time defaulting to 02:00.
        mutating func change() -> (Day, Int)? {
            let day: Day
            if eat("J") {
                guard let n = number(max: 365), n >= 1 else { return nil }
                day = .julian(n)
            } else if eat("M") {
                guard let m = number(max: 12), m >= 1, eat("."), let w = number(max: 5), w >= 1, eat("."),
                      let d = number(max: 6) else { return nil }
                day = .month(m, w, d)
            } else {
                guard let n = number(max: 365) else { return nil }
                day = .ordinal(n)
            }
            guard eat("/") else { return (day, 7200) }
            guard let t = offset(maxHours: 167) else { return nil }
            return (day, t)
        }
    }
}
