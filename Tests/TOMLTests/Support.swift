import TOML

/// Test helpers: parse, follow a path like `a.b[1].c`, render values compactly.
enum T {
    static func parse(_ text: String, _ version: TOMLParser.Version = .v1_0) throws(TOMLError) -> TOMLTable {
        try TOMLParser.parse(Array(text.utf8), options: .init(version: version))
    }

    /// The error message and position for invalid input, or nil if it parsed.
    static func error(_ text: String, _ version: TOMLParser.Version = .v1_0) -> TOMLError? {
        error(Array(text.utf8), version)
    }

    static func error(_ bytes: [UInt8], _ version: TOMLParser.Version = .v1_0) -> TOMLError? {
        do {
            _ = try TOMLParser.parse(bytes, options: .init(version: version))
            return nil
        } catch {
            return error
        }
    }

    /// Splits `a.b[1].c` into steps; `"x.y"` in quotes is one key.
    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = [], word = "", quoted = false, index: String?
        func flush() { if !word.isEmpty || quoted { steps.append(.key(word)) }; word = ""; quoted = false }
        for ch in path {
            if var i = index {
                if ch == "]" { steps.append(.index(Int(i)!)); index = nil } else { i.append(ch); index = i }
            } else if ch == "\"" { quoted.toggle(); if !quoted { steps.append(.key(word)); word = "" } }
            else if quoted { word.append(ch) }
            else if ch == "." { flush() }
            else if ch == "[" { flush(); index = "" }
            else { word.append(ch) }
        }
        flush()
        return steps
    }

    enum Step { case key(String), index(Int) }

    /// The value at `path` plus the position recorded for it (entry value position or element position).
    static func lookup(_ table: TOMLTable, _ path: String) -> (value: TOMLValue, key: SourcePosition?, at: SourcePosition)? {
        var current = TOMLValue.table(table)
        var keyPos: SourcePosition?, valuePos = table.position
        for step in steps(path) {
            switch (step, current) {
            case let (.key(k), .table(t)):
                guard let e = t.entry(k) else { return nil }
                (current, keyPos, valuePos) = (e.value, e.keyPosition, e.valuePosition)
            case let (.index(i), .array(a)):
                guard i < a.count else { return nil }
                (current, keyPos, valuePos) = (a.elements[i], nil, a.positions[i])
            default:
                return nil
            }
        }
        return (current, keyPos, valuePos)
    }

    /// `int:1`, `string:a`, `[int:1, int:2]`, `{a=int:1}`, `datetime:1979-05-27T07:32:00Z` ...
    static func render(_ v: TOMLValue) -> String {
        switch v {
        case .string(let s): return "string:\(s)"
        case .integer(let n): return "int:\(n)"
        case .float(let d): return d.isNaN ? "float:nan" : "float:\(d)"
        case .boolean(let b): return "bool:\(b)"
        case .dateTime(let d): return "\(kind(d)):\(format(d))"
        case .array(let a): return "[" + a.elements.map(render).joined(separator: ", ") + "]"
        case .table(let t): return "{" + t.entries.map { "\($0.key)=\(render($0.entry.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func kind(_ d: TOMLDateTime) -> String {
        switch (d.date != nil, d.time != nil, d.offsetMinutes != nil) {
        case (true, true, true): "datetime"
        case (true, true, false): "datetime-local"
        case (true, false, _): "date"
        default: "time"
        }
    }

    static func format(_ d: TOMLDateTime) -> String {
        func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
        var out = ""
        if let x = d.date { out += "\(pad(x.year, 4))-\(pad(x.month, 2))-\(pad(x.day, 2))" }
        if let t = d.time {
            out += (d.date != nil ? "T" : "") + "\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))"
            if t.nanosecond > 0 { out += ".\(pad(t.nanosecond, 9))" }
        }
        if let o = d.offsetMinutes { out += o == 0 ? "Z" : "\(o < 0 ? "-" : "+")\(pad(abs(o) / 60, 2)):\(pad(abs(o) % 60, 2))" }
        return out
    }
}

/// `3:5` shorthand.
func pos(_ line: Int, _ column: Int) -> SourcePosition { SourcePosition(line: line, column: column) }
