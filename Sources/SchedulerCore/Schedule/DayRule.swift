/// Which calendar days a schedule runs on: months, days of month, days of week, and whether a day
/// must match both day fields or either (Debian cron's rule). Searches month by month with bitmasks.
struct DayRule: Sendable, Equatable {
    let months: UInt16        // bits 1…12
    let daysOfMonth: UInt32   // bits 1…31
    let daysOfWeek: UInt8     // bits 0…6
    let both: Bool
    /// For each weekday of a month's 1st (0 = Sunday), the days 1…31 whose weekday is in `daysOfWeek`.
    let weekdayMasks: [UInt32]

    init(months: UInt16, daysOfMonth: UInt32, daysOfWeek: UInt8, both: Bool) {
        self.months = months; self.daysOfMonth = daysOfMonth; self.daysOfWeek = daysOfWeek; self.both = both
        weekdayMasks = (0..<7).map { first in
            var m: UInt32 = 0
            for d in 1...31 where daysOfWeek & (1 << UInt8((first + d - 1) % 7)) != 0 { m |= 1 << UInt32(d) }
            return m
        }
    }

    /// Every day.
    static let everyDay = DayRule(months: 0x1FFE, daysOfMonth: 0xFFFF_FFFE, daysOfWeek: 0x7F, both: true)

    /// Matching days of month `m` of year `y`, as bits 1…31.
    @inline(__always)
    private func mask(year y: Int64, month m: Int, firstDay: Int64) -> UInt32 {
        let n = CivilDate.daysInMonth(year: y, month: m)
        let valid: UInt32 = (UInt32(1) << UInt32(n + 1)) &- 2
        let byWeekday = weekdayMasks[CivilDate.weekday(days: firstDay)]
        return (both ? daysOfMonth & byWeekday : daysOfMonth | byWeekday) & valid
    }

    func matches(days: Int64) -> Bool {
        let (y, m, d) = CivilDate.civil(days: days)
        guard months & (1 << UInt16(m)) != 0 else { return false }
        let first = days - Int64(d - 1)
        return mask(year: y, month: m, firstDay: first) & (1 << UInt32(d)) != 0
    }

    /// The first matching day number at or after `days`, or nil if none begins before `endDay`.
    func next(from days: Int64, before endDay: Int64) -> Int64? {
        var (y, m, d) = CivilDate.civil(days: days)
        var first = days - Int64(d - 1)
        while first < endDay {
            if months & (1 << UInt16(m)) != 0 {
                let bits = mask(year: y, month: m, firstDay: first) & ~((UInt32(1) << UInt32(d)) &- 1)
                if bits != 0 {
                    let found = first + Int64(bits.trailingZeroBitCount - 1)
                    return found < endDay ? found : nil
                }
            }
            first += Int64(CivilDate.daysInMonth(year: y, month: m))
            d = 1; m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return nil
    }
}

/// A set of minutes of the day (0…1439) as a bitset.
struct MinuteSet: Sendable, Equatable {
    private(set) var words = [UInt64](repeating: 0, count: 23)

    init<S: Sequence>(_ minutes: S) where S.Element == Int {
        for m in minutes where m >= 0 && m < 1440 { words[m >> 6] |= 1 << UInt64(m & 63) }
    }

    /// Hours × minutes, as cron fields give them.
    init(hours: UInt32, minutes: UInt64) {
        for h in 0..<24 where hours & (1 << UInt32(h)) != 0 {
            for m in 0..<60 where minutes & (1 << UInt64(m)) != 0 { words[(h * 60 + m) >> 6] |= 1 << UInt64((h * 60 + m) & 63) }
        }
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The first minute in the set at or after `minute`, if any.
    func first(atOrAfter minute: Int) -> Int? {
        guard minute < 1440 else { return nil }
        var w = minute >> 6
        var bits = words[w] & ~((UInt64(1) << UInt64(minute & 63)) &- 1)
        while true {
            if bits != 0 { return w << 6 | bits.trailingZeroBitCount }
            w += 1
            guard w < words.count else { return nil }
            bits = words[w]
        }
    }
}
