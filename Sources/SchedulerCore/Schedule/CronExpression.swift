/// A Debian-cron expression: five fields as bitsets, plus which fields start with `*`
/// (that decides the day-of-month/day-of-week rule and the DST mode, as in Debian cron).
struct CronExpression: Sendable, Equatable {
    var minutes: UInt64 = 0       // bits 0…59
    var hours: UInt32 = 0         // bits 0…23
    var daysOfMonth: UInt32 = 0   // bits 1…31
    var months: UInt16 = 0        // bits 1…12
    var daysOfWeek: UInt8 = 0     // bits 0…6, Sunday = 0 (7 folded in)
    var minuteStar = false, hourStar = false, domStar = false, dowStar = false
    /// `@reboot`: no time at all.
    var reboot = false
    /// The five fields as written (nicknames expanded), for words and warnings.
    var fields: [String] = []
    /// The `@` nickname as written, lowercased, if any.
    var nickname: String?

    /// Debian cron: when either day field starts with `*`, a day must match both; otherwise either.
    var daysMustMatchBoth: Bool { domStar || dowStar }
    /// Both minute and hour are fixed (neither starts with `*`): DST gaps and overlaps are handled
    /// on the wall clock. Otherwise the expression follows real time.
    var isWallClock: Bool { !minuteStar && !hourStar }

    var dayRule: DayRule {
        DayRule(months: months, daysOfMonth: daysOfMonth, daysOfWeek: daysOfWeek, both: daysMustMatchBoth)
    }

    static let nicknames: [String: String] = [
        "yearly": "0 0 1 1 *", "annually": "0 0 1 1 *", "monthly": "0 0 1 * *", "weekly": "0 0 * * 0",
        "daily": "0 0 * * *", "midnight": "0 0 * * *", "hourly": "0 * * * *",
    ]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    static let fieldNames = ["minute", "hour", "day-of-month", "month", "day-of-week"]
    static let bounds = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]

    /// Parses an expression; errors carry the character offset of the bad field or element.
    static func parse(_ text: String) throws(ScheduleSyntaxError) -> CronExpression {
        let chars = Array(text.unicodeScalars)
        let words = split(chars)
        guard let first = words.first else {
            throw ScheduleSyntaxError(message: "empty cron expression", hint: "write five fields, e.g. \"*/10 * * * *\"", offset: 0)
        }
        if chars[first.start] == "@" {
            guard words.count == 1 else {
                throw ScheduleSyntaxError(message: "'\(first.text)' takes nothing after it",
                                          hint: "the command goes in 'command', not in the schedule", offset: words[1].start)
            }
            return try nickname(first.text, offset: first.start)
        }
        guard words.count == 5 else { throw fieldCountError(words) }
        var e = CronExpression()
        e.fields = words.map(\.text)
        var values: [UInt64] = []
        for (k, w) in words.enumerated() {
            values.append(try field(k, w.text, offset: w.start))
        }
        e.minutes = values[0]; e.hours = UInt32(values[1]); e.daysOfMonth = UInt32(values[2])
        e.months = UInt16(values[3])
        let dow = values[4]
        e.daysOfWeek = UInt8((dow | (dow >> 7)) & 0x7F)
        e.minuteStar = words[0].text.hasPrefix("*"); e.hourStar = words[1].text.hasPrefix("*")
        e.domStar = words[2].text.hasPrefix("*"); e.dowStar = words[4].text.hasPrefix("*")
        try e.checkCanFire(domOffset: words[2].start)
        return e
    }

    private static func nickname(_ word: String, offset: Int) throws(ScheduleSyntaxError) -> CronExpression {
        let name = String(word.dropFirst()).lowercased()
        if name == "reboot" {
            var e = CronExpression()
            e.reboot = true; e.nickname = "reboot"
            return e
        }
        guard let expansion = nicknames[name] else {
            let all = ["reboot"] + nicknames.keys.sorted()
            let hint = Suggest.closest(to: name, in: all).map { "did you mean '@\($0)'?" }
                ?? "use one of " + all.map { "@" + $0 }.joined(separator: ", ")
            throw ScheduleSyntaxError(message: "unknown cron nickname '\(word)'", hint: hint, offset: offset)
        }
        var e = try parse(expansion)
        e.nickname = name
        return e
    }

    private static func fieldCountError(_ words: [(text: String, start: Int)]) -> ScheduleSyntaxError {
        let n = words.count
        if n < 5 {
            return ScheduleSyntaxError(message: "cron expression has \(n) field\(n == 1 ? "" : "s"), needs 5",
                                       hint: "write minute hour day-of-month month day-of-week, e.g. \"30 3 * * *\"",
                                       offset: words.last.map { $0.start + $0.text.unicodeScalars.count } ?? 0)
        }
        let hint = n == 6 && words[5].text.first.map({ $0.isLetter || $0 == "/" }) == true
            ? "only the five time fields go here; the command goes in 'command'"
            : "scheduler uses Debian cron's five fields (no seconds, no year)"
        return ScheduleSyntaxError(message: "cron expression has \(n) fields, needs 5", hint: hint, offset: words[5].start)
    }

    /// Whitespace-separated words with their scalar offsets.
    private static func split(_ chars: [Unicode.Scalar]) -> [(text: String, start: Int)] {
        var out: [(String, Int)] = []
        var i = 0
        while i < chars.count {
            while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
            let start = i
            while i < chars.count, chars[i] != " ", chars[i] != "\t" { i += 1 }
            if i > start { out.append((String(String.UnicodeScalarView(chars[start..<i])), start)) }
        }
        return out
    }
}

// MARK: - Fields

extension CronExpression {
    /// One field: a comma-separated list of `*`, `N`, `N-M`, each range optionally `/STEP`.
    private static func field(_ k: Int, _ text: String, offset: Int) throws(ScheduleSyntaxError) -> UInt64 {
        var bits: UInt64 = 0
        var at = offset
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let s = String(item)
            guard !s.isEmpty else {
                throw ScheduleSyntaxError(message: "empty item in the \(fieldNames[k]) field '\(text)'",
                                          hint: "separate values with single commas, e.g. 1,15", offset: at)
            }
            bits |= try range(k, s, offset: at)
            at += s.unicodeScalars.count + 1
        }
        return bits
    }

    private static func range(_ k: Int, _ s: String, offset: Int) throws(ScheduleSyntaxError) -> UInt64 {
        let (low, high) = bounds[k]
        let name = fieldNames[k]
        let slash = s.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let body = String(slash[0])
        var step = 1
        if slash.count == 2 {
            guard slash[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), slash[1].count <= 9, let n = Int(slash[1]), n > 0 else {
                throw ScheduleSyntaxError(message: "bad step '/\(slash[1])' in the \(name) field",
                                          hint: "a step is a whole number of at least 1, e.g. */15", offset: offset)
            }
            step = n
        }
        var lo = low, hi = high
        if body != "*" {
            let ends = body.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            lo = try value(k, String(ends[0]), offset: offset)
            if ends.count == 2 {
                hi = try value(k, String(ends[1]), offset: offset + ends[0].unicodeScalars.count + 1)
            } else {
                guard slash.count == 1 else {
                    throw ScheduleSyntaxError(message: "'\(s)': Debian cron allows a step only after '*' or a range",
                                              hint: "write \(body)-\(high)/\(step)", offset: offset)
                }
                hi = lo
            }
            guard lo <= hi else {
                throw ScheduleSyntaxError(message: "range '\(body)' in the \(name) field goes backwards",
                                          hint: "write the smaller value first, or list both parts: \(lo)-\(high),\(low)-\(hi)",
                                          offset: offset)
            }
        }
        var bits: UInt64 = 0
        var v = lo
        while v <= hi { bits |= 1 << UInt64(v); v += step }
        return bits
    }

    /// A number in the field's bounds, or a month/day name (any case) where names are allowed.
    private static func value(_ k: Int, _ s: String, offset: Int) throws(ScheduleSyntaxError) -> Int {
        let (low, high) = bounds[k]
        let name = fieldNames[k]
        let names = k == 3 ? monthNames : k == 4 ? dayNames : []
        if let i = names.firstIndex(of: s.lowercased()) { return k == 3 ? i + 1 : i }
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), s.count <= 9, let n = Int(s) else {
            let what = s.isEmpty ? "a missing value" : "'\(s)'"
            var hint = "use a number from \(low) to \(high)"
            if !names.isEmpty {
                hint += " or a name (\(names.prefix(3).joined(separator: ", ")), …)"
                if let g = Suggest.closest(to: s.lowercased(), in: names), !s.isEmpty { hint = "did you mean '\(g)'?" }
            }
            throw ScheduleSyntaxError(message: "\(what) is not a valid \(name)", hint: hint, offset: offset)
        }
        guard n >= low, n <= high else {
            throw ScheduleSyntaxError(message: "\(name) \(n) is out of range (\(low)-\(high))",
                                      hint: k == 4 ? "0 and 7 are both Sunday" : nil, offset: offset)
        }
        return n
    }

    /// An expression whose days can never occur (`0 0 30 2 *`) is an error, as in cronsim.
    private func checkCanFire(domOffset: Int) throws(ScheduleSyntaxError) {
        guard daysMustMatchBoth else { return }
        let chosen = (1...12).filter { months & (1 << UInt16($0)) != 0 }
        let longest: Int = chosen.map { CivilDate.daysInMonth(year: 2000, month: $0) }.max() ?? 0
        let firstDay = daysOfMonth.trailingZeroBitCount
        guard firstDay > longest else { return }
        let monthList = chosen.map { Self.monthNames[$0 - 1].titleCased }.joined(separator: ", ")
        throw ScheduleSyntaxError(message: "this expression never runs: no day \(fields[2]) in \(monthList)",
                                  hint: "check the day-of-month and month fields", offset: domOffset)
    }
}

extension String {
    /// "Jan" for "jan".
    var titleCased: String { prefix(1).uppercased() + dropFirst() }
}
