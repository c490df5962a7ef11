import TOML

/// The schedule keys of a job: exactly one of `every` (with `at`), `daily`, `hourly`, `weekly`, `cron`.
extension ConfigDecoder {
    static let scheduleKeys = ["every", "daily", "hourly", "weekly", "cron"]
    private static let scheduleHint = "add one of every, daily, hourly, weekly or cron, e.g. daily = \"03:30\" or every = \"10m\""

    /// The job's schedule, or nil after reporting why there is none (missing, several, or a bad value).
    func schedule(_ parts: JobFields, job: String, nameField: Field) -> ScheduleSpec? {
        let at = parts.at
        guard let first = parts.schedule else {
            if let at { keyError(at, "\(at.label) only works with 'every'", hint: "for a time of day write daily = \"HH:MM\"") }
            keyError(nameField, "job '\(job)' has no schedule", hint: Self.scheduleHint)
            return nil
        }
        guard parts.moreSchedules.isEmpty else {
            let found = parts.schedules
            if let at, !found.contains(where: { $0.key == "every" }) {
                keyError(at, "\(at.label) only works with 'every'", hint: "for a time of day write daily = \"HH:MM\"")
            }
            for extra in found.dropFirst() {
                keyError(extra, "job '\(job)' has two schedules: '\(first.key)' and '\(extra.key)'",
                         hint: "keep one; for another schedule make another job")
            }
            for f in found { _ = scheduleValue(f, at: f.key == "every" ? at : nil) }
            return nil
        }
        if let at, first.key != "every" {
            keyError(at, "\(at.label) only works with 'every'", hint: "for a time of day write daily = \"HH:MM\"")
        }
        guard let parsed = scheduleValue(first, at: first.key == "every" ? at : nil) else { return nil }
        for w in parsed.warnings { valueError(first, "\(first.label): \(w)", hint: nil, severity: .warning) }
        return parsed.spec
    }

    private func scheduleValue(_ f: Field, at: Field?) -> ParsedSchedule? {
        switch f.key {
        case "every": return every(f, at: at)
        case "daily": return daily(f)
        case "hourly":
            guard let minute = integer(f, in: Int64.min...Int64.max, what: "a minute (0 to 59)", example: 15) else { return nil }
            return parsed(f, key: ScheduleKey(kind: "hourly", number: Int64(minute))) { () throws(ScheduleSyntaxError) in try ScheduleSpec.parseHourly(minute) }
        case "weekly":
            guard let s = string(f, hint: "write e.g. weekly = \"mon,thu 09:00\"") else { return nil }
            return parsed(f, text: s, key: ScheduleKey(kind: "weekly", text: s)) { () throws(ScheduleSyntaxError) in try ScheduleSpec.parseWeekly(s) }
        default:
            guard let s = string(f, hint: "write the five fields in quotes, e.g. cron = \"*/10 * * * *\"") else { return nil }
            return parsed(f, text: s, key: ScheduleKey(kind: "cron", text: s)) { () throws(ScheduleSyntaxError) in try ScheduleSpec.parseCron(s) }
        }
    }

    private func every(_ f: Field, at: Field?) -> ParsedSchedule? {
        guard let interval = duration(f, zeroHint: "write how often, e.g. every = \"10m\"") else { return nil }
        let key = ScheduleKey(kind: "every", number: interval.nanoseconds)
        guard let at else { return parsed(f, key: key) { () throws(ScheduleSyntaxError) in try ScheduleSpec.parseEvery(interval, at: nil) } }
        guard let offset = string(at, hint: "write e.g. at = \":15\" or at = \"03:30\"") else { return nil }
        // Blame `at` only when the interval alone is fine.
        let alone = (try? ScheduleSpec.parseEvery(interval, at: nil)) != nil
        return parsed(alone ? at : f, text: alone ? offset : nil, key: ScheduleKey(kind: "every at", text: offset, number: interval.nanoseconds)) { () throws(ScheduleSyntaxError) in
            try ScheduleSpec.parseEvery(interval, at: offset)
        }
    }

    /// `daily = "HH:MM"` or a list; a bad element gets the caret.
    private func daily(_ f: Field) -> ParsedSchedule? {
        let hint = "write daily = \"03:30\" or daily = [\"09:00\", \"17:30\"]"
        switch f.value {
        case .string(let s): return parsed(f, text: s, key: ScheduleKey(kind: "daily", text: s)) { () throws(ScheduleSyntaxError) in try ScheduleSpec.parseDaily([s]) }
        case .array(let a):
            var times: [String] = []
            for (i, v) in a.elements.enumerated() {
                guard case .string(let s) = v else {
                    valueError(at: a.positions[i], "times in \(f.label) must be strings, not \(v.typeName)s", hint: hint)
                    return nil
                }
                times.append(s)
            }
            guard !times.isEmpty else { valueError(f, "\(f.label) is an empty list", hint: hint); return nil }
            let key = ScheduleKey(kind: "daily", text: times.joined(separator: "\n"))
            switch cachedSchedule(key, { () throws(ScheduleSyntaxError) in try ScheduleSpec.parseDaily(times) }) {
            case .success(let p): return p
            case .failure(let error):
                // Find the element at fault by parsing each alone; else blame the whole list.
                for (i, s) in times.enumerated() {
                    if case .failure(let e) = Result(catching: { () throws(ScheduleSyntaxError) in try ScheduleSpec.parseDaily([s]) }) {
                        scheduleError(f, e, at: a.positions[i], text: s)
                        return nil
                    }
                }
                scheduleError(f, error, at: f.entry.valuePosition, text: nil)
                return nil
            }
        default:
            typeError(f, expected: "a time or a list of times", hint: hint)
            return nil
        }
    }

    private func parsed(_ f: Field, text: String? = nil, key: ScheduleKey,
                        _ parse: () throws(ScheduleSyntaxError) -> ScheduleSpec) -> ParsedSchedule? {
        switch cachedSchedule(key, parse) {
        case .success(let p): return p
        case .failure(let error):
            scheduleError(f, error, at: f.entry.valuePosition, text: text)
            return nil
        }
    }

    /// Puts the caret on the word at the error's offset when the string is written plainly on one line,
    /// else under the whole value.
    func scheduleError(_ f: Field, _ e: ScheduleSyntaxError, at p: SourcePosition, text: String?) {
        errorInside(f, at: p, text: text, offset: e.offset, length: nil, "\(f.label): \(e.message)", hint: e.hint)
    }

    /// Reports a problem at character `offset` of the string value `text` (spanning `length` characters,
    /// or the word there) when the string is written plainly on one line; else under the whole value.
    func errorInside(_ f: Field, at p: SourcePosition, text: String?, offset: Int?, length: Int?, _ message: String,
                     hint: String?, severity: Diagnostic.Severity = .error) {
        guard let text, let offset, let line = source.line(p.line) else {
            valueError(at: p, message, hint: hint, severity: severity)
            return
        }
        let written = Array(line.unicodeScalars.dropFirst(p.column - 1))
        let chars = Array(text.unicodeScalars)
        let plain = written.count >= chars.count + 2 && (written[0] == "\"" || written[0] == "'")
            && Array(written[1..<(chars.count + 1)]) == chars && written[chars.count + 1] == written[0]
        guard plain, offset >= 0, offset <= chars.count else {
            valueError(at: p, message, hint: hint, severity: severity)
            return
        }
        let word = length ?? chars[offset...].prefix { $0 != " " && $0 != "," }.count
        report(severity, at: SourcePosition(line: p.line, column: p.column + 1 + offset), length: max(1, word), message, hint: hint)
    }
}
