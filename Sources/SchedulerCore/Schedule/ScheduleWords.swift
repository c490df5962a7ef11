/// Schedules in words, for `check` and `list`: "every 10 minutes", "weekly on Mon, Thu at 09:00",
/// "cron 0 3 * * 1-5 (at 03:00 on Mon–Fri)".
enum ScheduleWords {
    static let shortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    static func hhmm(_ minutes: Int) -> String { RFC3339.pad(minutes / 60, 2) + ":" + RFC3339.pad(minutes % 60, 2) }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// Runs of three or more consecutive values become "a–b": [1,2,3,5] → ["1–3", "5"].
    static func runs(_ values: [Int], name: (Int) -> String = { String($0) }) -> [String] {
        var out: [String] = []
        var i = 0
        while i < values.count {
            var j = i
            while j + 1 < values.count, values[j + 1] == values[j] + 1 { j += 1 }
            if j - i >= 2 { out.append(name(values[i]) + "–" + name(values[j])) } else {
                for k in i...j { out.append(name(values[k])) }
            }
            i = j + 1
        }
        return out
    }

    /// Days of week Monday first, with runs: "Mon–Fri", "Sat, Sun".
    static func weekdays(_ days: [Int]) -> String {
        let mondayFirst = days.map { ($0 + 6) % 7 }.sorted()
        return runs(mondayFirst) { shortDays[($0 + 1) % 7] }.joined(separator: ", ")
    }

    /// "10 minutes", "hour", "2 days", "90 seconds", "1500ms".
    static func interval(_ d: Duration) -> String {
        let ns = d.nanoseconds
        guard ns % 1_000_000_000 == 0 else { return DurationSyntax.format(d) }
        let s = ns / 1_000_000_000
        for (size, unit) in [(Int64(604_800), "week"), (86_400, "day"), (3600, "hour"), (60, "minute"), (1, "second")]
        where s % size == 0 {
            return s == size ? unit : "\(s / size) \(unit)s"
        }
        return DurationSyntax.format(d)
    }

    static func every(_ interval: Duration, _ offset: Duration) -> String {
        var s = "every " + Self.interval(interval)
        let off = offset.nanoseconds, iv = interval.nanoseconds
        guard off != 0 else { return s }
        let minute: Int64 = 60_000_000_000, hour = 60 * minute, day = 24 * hour
        if off % minute != 0 || off >= day {
            s += ", offset " + DurationSyntax.format(offset)
        } else if off < hour && iv <= hour {
            s += (iv == hour ? " at :" : " from :") + RFC3339.pad(off / minute, 2)
        } else {
            s += (iv == day ? " at " : " from ") + hhmm(Int(off / minute)) + " standard time"
        }
        return s
    }

    static func daily(_ minutes: [Int]) -> String { "daily at " + list(minutes.map(hhmm)) }

    static func weekly(_ days: [Int], _ minutes: [Int]) -> String {
        "weekly on " + weekdays(days) + " at " + list(minutes.map(hhmm))
    }
}
