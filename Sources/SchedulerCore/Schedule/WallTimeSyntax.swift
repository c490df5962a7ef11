/// The small grammars of `daily`, `weekly` and `at`: `HH:MM`, `:MM`, `mon,thu 09:00`.
enum WallTimeSyntax {
    static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    static let timeHint = "write a 24-hour time as HH:MM, e.g. \"03:30\""
    static let weeklyHint = "write days then times, e.g. weekly = \"mon,thu 09:00\" or \"mon-fri 08:30,17:00\""

    /// `H:MM` or `HH:MM` (00:00 to 23:59) as minutes since midnight.
    static func time(_ s: Substring, offset: Int = 0) throws(ScheduleSyntaxError) -> Int {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let h = Int(parts[0]), let m = Int(parts[1]) else {
            throw ScheduleSyntaxError(message: "'\(s)' is not a time of day", hint: timeHint, offset: offset)
        }
        guard h < 24, m < 60 else {
            throw ScheduleSyntaxError(message: "'\(s)' is not a time of day (00:00 to 23:59)", hint: timeHint, offset: offset)
        }
        return h * 60 + m
    }

    /// `at`: `:MM` (minutes past the hour) or `HH:MM`, as a duration.
    static func offset(_ s: String) throws(ScheduleSyntaxError) -> Duration {
        let hint = "write at = \":15\" (minutes past) or at = \"03:30\" (hours and minutes)"
        if s.hasPrefix(":") {
            let mm = s.dropFirst()
            guard mm.count == 2, mm.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let m = Int(mm), m < 60 else {
                throw ScheduleSyntaxError(message: "'\(s)' is not an offset", hint: hint, offset: 0)
            }
            return .seconds(m * 60)
        }
        do throws(ScheduleSyntaxError) { return .seconds(try time(Substring(s)) * 60) } catch {
            throw ScheduleSyntaxError(message: "'\(s)' is not an offset", hint: hint, offset: 0)
        }
    }

    /// A day name: three letters or the full name, any case; 0 = Sunday.
    static func day(_ s: Substring, offset: Int) throws(ScheduleSyntaxError) -> Int {
        let w = s.lowercased()
        if let i = dayNames.firstIndex(where: { $0 == w || (w.count == 3 && $0.hasPrefix(w)) }) { return i }
        let guess = Suggest.closest(to: w, in: dayNames.map { String($0.prefix(3)) } + dayNames)
        throw ScheduleSyntaxError(message: "'\(s)' is not a day of the week",
                                  hint: guess.map { "did you mean '\($0)'?" } ?? "use mon, tue, wed, thu, fri, sat, sun", offset: offset)
    }

    /// `DAYS TIMES`: days are names or ranges (`mon-fri`, wrapping: `sat-sun`), times are HH:MM;
    /// both comma-separated, spaces allowed after commas.
    static func weekly(_ text: String) throws(ScheduleSyntaxError) -> (days: [Int], minutes: [Int]) {
        var days = Set<Int>(), minutes = Set<Int>()
        for (token, at) in tokens(text) {
            if token.first?.isNumber == true {
                minutes.insert(try time(token, offset: at))
                continue
            }
            guard minutes.isEmpty else {
                throw ScheduleSyntaxError(message: "day '\(token)' comes after the times", hint: weeklyHint, offset: at)
            }
            let ends = token.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            let a = try day(ends[0], offset: at)
            let b = ends.count == 2 ? try day(ends[1], offset: at + ends[0].count + 1) : a
            var d = a
            while true { days.insert(d); if d == b { break }; d = (d + 1) % 7 }
        }
        guard !days.isEmpty else { throw ScheduleSyntaxError(message: "no days in '\(text)'", hint: weeklyHint, offset: 0) }
        guard !minutes.isEmpty else {
            throw ScheduleSyntaxError(message: "no time of day in '\(text)'", hint: weeklyHint, offset: text.unicodeScalars.count)
        }
        return (days.sorted(), minutes.sorted())
    }

    /// Words split at spaces and commas, with their character offsets.
    static func tokens(_ text: String) -> [(Substring, Int)] {
        var out: [(Substring, Int)] = []
        var start: String.Index?, startOffset = 0, offset = 0
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == " " || c == "," || c == "\t" {
                if let s = start { out.append((text[s..<i], startOffset)); start = nil }
            } else if start == nil {
                start = i; startOffset = offset
            }
            offset += 1
            i = text.index(after: i)
        }
        if let s = start { out.append((text[s...], startOffset)) }
        return out
    }
}
