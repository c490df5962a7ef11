/// Cron expressions in words, and the warnings about Debian cron's day-of-month/day-of-week rule.
extension CronExpression {
    static func values<T: FixedWidthInteger>(_ bits: T, _ range: ClosedRange<Int>) -> [Int] {
        range.filter { bits & (T(1) << T($0)) != 0 }
    }

    var minuteValues: [Int] { Self.values(minutes, 0...59) }
    var hourValues: [Int] { Self.values(hours, 0...23) }
    var domValues: [Int] { Self.values(daysOfMonth, 1...31) }
    var monthValues: [Int] { Self.values(months, 1...12) }
    var dowValues: [Int] { Self.values(daysOfWeek, 0...6) }

    var allDaysOfMonth: Bool { daysOfMonth == 0xFFFF_FFFE }
    var allDaysOfWeek: Bool { daysOfWeek == 0x7F }

    /// "cron 0 3 * * 1-5 (at 03:00 on Mon–Fri)"; "at boot" for `@reboot`.
    var words: String {
        if reboot { return "at boot" }
        let written = nickname.map { "@" + $0 } ?? fields.joined(separator: " ")
        let when = [timeWords, dayWords, monthWords].filter { !$0.isEmpty }.joined(separator: " ")
        return "cron \(written) (\(when))"
    }

    /// The step of a field that is an evenly stepped run from its lowest value, as in `*/15`.
    private static func step(_ v: [Int], from low: Int, to high: Int) -> Int? {
        guard v.count >= 2, v[0] == low else { return nil }
        let s = v[1] - v[0]
        guard zip(v, v.dropFirst()).allSatisfy({ $1 - $0 == s }), v.last! + s > high else { return nil }
        return s
    }

    private var timeWords: String {
        let m = minuteValues, h = hourValues
        let everyHour = h.count == 24
        if m.count == 60 && everyHour { return "every minute" }
        if everyHour, let s = Self.step(m, from: 0, to: 59) { return "every \(s) minutes" }
        if everyHour, m.count == 1 { return "hourly at :" + RFC3339.pad(m[0], 2) }
        if m.count * h.count <= 6 {
            return "at " + ScheduleWords.list(h.flatMap { hh in m.map { ScheduleWords.hhmm(hh * 60 + $0) } })
        }
        if m.count == 1, let s = Self.step(h, from: 0, to: 23) { return "at :\(RFC3339.pad(m[0], 2)) every \(s) hours" }
        let hours = "hour" + (h.count > 1 ? "s " : " ") + ScheduleWords.runs(h).joined(separator: ", ")
        if m.count == 60 { return "every minute during " + hours }
        if let s = Self.step(m, from: 0, to: 59) { return "every \(s) minutes during " + hours }
        let mins = "at minute" + (m.count > 1 ? "s " : " ") + ScheduleWords.runs(m).joined(separator: ", ")
        return everyHour ? mins : mins + " past " + hours
    }

    private var dayWords: String {
        let dom = "day" + (domValues.count > 1 ? "s " : " ") + ScheduleWords.runs(domValues).joined(separator: ", ")
        let dow = ScheduleWords.weekdays(dowValues)
        if !daysMustMatchBoth && (allDaysOfMonth || allDaysOfWeek) { return "" }
        switch (allDaysOfMonth, allDaysOfWeek) {
        case (true, true): return ""
        case (true, false): return "on " + dow
        case (false, true): return "on " + dom
        case (false, false): return daysMustMatchBoth ? "on \(dom) if a \(dow)" : "on \(dom) and on every \(dow)"
        }
    }

    private var monthWords: String {
        monthValues.count == 12 ? "" : "in " + ScheduleWords.runs(monthValues) { Self.monthNames[$0 - 1].titleCased }.joined(separator: ", ")
    }

    /// Where Debian cron's day rule may surprise: a restricting `*/N` day field turns "either" into
    /// "both"; two restricted day fields mean "either", not "both".
    var warnings: [String] {
        guard !reboot, nickname == nil, !allDaysOfMonth || !allDaysOfWeek else { return [] }
        let dom = fields[2], dow = fields[4]
        if !daysMustMatchBoth {
            let whole = allDaysOfMonth ? "day-of-month '\(dom)'" : "day-of-week '\(dow)'"
            let other = allDaysOfMonth ? "day-of-week '\(dow)'" : "day-of-month '\(dom)'"
            if allDaysOfMonth || allDaysOfWeek {
                return ["\(whole) covers every day and doesn't start with '*', so cron runs on days that match either "
                    + "field: every day, whatever \(other) says"]
            }
        }
        if domStar && !allDaysOfMonth && !allDaysOfWeek {
            return ["day-of-month '\(dom)' starts with '*', so cron runs only on days that match both it and "
                + "day-of-week '\(dow)', not on days that match either"]
        }
        if dowStar && !allDaysOfWeek && !allDaysOfMonth {
            return ["day-of-week '\(dow)' starts with '*', so cron runs only on days that match both it and "
                + "day-of-month '\(dom)', not on days that match either"]
        }
        if !daysMustMatchBoth && !allDaysOfMonth && !allDaysOfWeek {
            return ["day-of-month '\(dom)' and day-of-week '\(dow)' are both set, so cron runs on days that match "
                + "either (\(dayWords.dropFirst(3))), not only on days that match both"]
        }
        return []
    }
}
