/// One job line of a crontab.
public struct CrontabEntry: Sendable, Equatable {
    /// 1-based line number in the file.
    public var line: Int
    /// `@nickname` or the five time fields joined by single spaces, as written.
    public var schedule: String
    /// The user field of `/etc/crontab` and `/etc/cron.d/*` lines.
    public var user: String?
    /// The command part as written, before `%` handling.
    public var rawCommand: String
}

/// What one crontab line is.
public enum CrontabLine: Sendable, Equatable {
    case blank
    /// The text after `#`.
    case comment(String)
    /// `NAME=value`, quotes removed as cron does.
    case variable(name: String, value: String)
    case job(CrontabEntry)
    /// A line cron would reject (or we can't read), with why.
    case invalid(text: String, reason: String)
}

/// Splits crontab text into lines the way Debian cron reads them.
public enum CrontabParser {
    /// Parses every line; `system` means lines have a user field after the schedule.
    public static func parse(_ text: String, system: Bool) -> [(line: Int, kind: CrontabLine)] {
        var out: [(Int, CrontabLine)] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (i, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            out.append((i + 1, parseLine(line, number: i + 1, system: system)))
        }
        return out
    }

    static func parseLine(_ line: String, number: Int, system: Bool) -> CrontabLine {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.isEmpty { return .blank }
        if trimmed.first == "#" { return .comment(String(trimmed.dropFirst())) }
        if let (name, value) = variable(String(trimmed)) { return .variable(name: name, value: value) }
        return job(String(trimmed), number: number, system: system)
    }

    /// cron's `load_env`: a name without blanks or `=`, optional blanks, `=`, the value; a value
    /// wholly in matching single or double quotes loses them. Trailing blanks are dropped.
    static func variable(_ s: String) -> (String, String)? {
        guard let eq = s.firstIndex(of: "=") else { return nil }
        let name = s[..<eq].trimmingBlanks
        guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        var value = String(s[s.index(after: eq)...].trimmingBlanks)
        if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
            value = String(value.dropFirst().dropLast())
        }
        return (String(name), value)
    }

    private static func job(_ s: String, number: Int, system: Bool) -> CrontabLine {
        var rest = Substring(s)
        let fieldCount = s.hasPrefix("@") ? 1 : 5
        var fields: [String] = []
        for _ in 0..<fieldCount {
            guard let w = rest.nextWord() else { break }
            fields.append(w)
        }
        guard fields.count == fieldCount else {
            return .invalid(text: s, reason: "a job line needs five time fields (or an @nickname), then the command")
        }
        var user: String?
        if system {
            guard let u = rest.nextWord() else { return .invalid(text: s, reason: "no user field after the schedule") }
            user = u
        }
        let command = String(rest.drop { $0 == " " || $0 == "\t" })
        guard !command.isEmpty else { return .invalid(text: s, reason: "no command after the schedule") }
        return .job(CrontabEntry(line: number, schedule: fields.joined(separator: " "), user: user, rawCommand: command))
    }
}

/// cron's `%` rule: the first unescaped `%` ends the command and the rest is its standard input,
/// with every further unescaped `%` a newline; `\%` is a literal `%` (the backslash goes).
public enum CronPercent {
    public static func split(_ raw: String) -> (command: String, input: String?) {
        var command = "", escaped = false
        var i = raw.startIndex
        while i < raw.endIndex {
            let c = raw[i]
            if escaped {
                if c != "%" { command.append("\\") }
                command.append(c); escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "%" {
                return (command, input(raw[raw.index(after: i)...]))
            } else {
                command.append(c)
            }
            i = raw.index(after: i)
        }
        if escaped { command.append("\\") }
        return (command, nil)
    }

    /// The input part: unescaped `%` → newline, `\%` → `%`, other backslashes kept.
    private static func input(_ s: Substring) -> String {
        var out = "", escaped = false
        for c in s {
            if escaped {
                if c != "%" { out.append("\\") }
                out.append(c); escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c == "%" ? "\n" : c)
            }
        }
        if escaped { out.append("\\") }
        return out
    }
}

extension Substring {
    /// Removes and returns the next blank-separated word.
    mutating func nextWord() -> String? {
        self = drop { $0 == " " || $0 == "\t" }
        guard !isEmpty else { return nil }
        let end = firstIndex { $0 == " " || $0 == "\t" } ?? endIndex
        let w = String(self[..<end])
        self = self[end...]
        return w
    }

    var trimmingBlanks: Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let a = firstIndex(where: { !blank($0) }), let b = lastIndex(where: { !blank($0) }) else { return self[endIndex...] }
        return self[a...b]
    }
}
