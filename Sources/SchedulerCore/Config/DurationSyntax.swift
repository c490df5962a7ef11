/// Why a duration string is not valid.
public struct DurationSyntaxError: Error, Sendable, Equatable {
    public var message: String
    public var hint: String?
}

/// Durations as written in scheduler.toml: "500ms", "90s", "10m", "1h30m", "2d"; a bare integer is seconds.
public enum DurationSyntax {
    private static let units: [(String, Int64)] = [
        ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000),
        ("h", 3_600_000_000_000), ("d", 86_400_000_000_000), ("w", 604_800_000_000_000),
    ]
    private static let hint = "write a number and a unit, e.g. \"500ms\", \"90s\", \"10m\", \"1h30m\", \"2d\""

    /// Parses a duration string; zero is allowed here (callers reject it where it makes no sense).
    public static func parse(_ text: String) throws(DurationSyntaxError) -> Duration {
        let s = Array(text.utf8)
        if s.first == UInt8(ascii: "-") { throw DurationSyntaxError(message: "a duration can't be negative", hint: hint) }
        guard !s.isEmpty else { throw DurationSyntaxError(message: "empty duration", hint: hint) }
        if s.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int64(text) { return .seconds(n) }
        var total: Int64 = 0, i = 0, lastRank = Int.max
        while i < s.count {
            var n: Int64 = 0, digits = 0
            while i < s.count, s[i] >= 48, s[i] <= 57 {
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(s[i] - 48))
                if o1 || o2 { throw DurationSyntaxError(message: "duration '\(text)' is too long", hint: nil) }
                n = a; i += 1; digits += 1
            }
            var unitEnd = i
            while unitEnd < s.count, s[unitEnd] >= 97, s[unitEnd] <= 122 { unitEnd += 1 }
            let unit = String(decoding: s[i..<unitEnd], as: UTF8.self)
            guard digits > 0, let rank = units.firstIndex(where: { $0.0 == unit }) else {
                throw DurationSyntaxError(message: "'\(text)' is not a duration", hint: hint)
            }
            guard rank < lastRank else {
                throw DurationSyntaxError(message: "'\(text)': units must go from largest to smallest, each once", hint: hint)
            }
            lastRank = rank
            let (p, o1) = n.multipliedReportingOverflow(by: units[rank].1)
            let (t, o2) = total.addingReportingOverflow(p)
            if o1 || o2 { throw DurationSyntaxError(message: "duration '\(text)' is too long", hint: nil) }
            total = t; i = unitEnd
        }
        return .nanoseconds(total)
    }

    /// Formats a duration compactly: "1h30m", "500ms", "0s".
    public static func format(_ d: Duration) -> String {
        var ns = d.nanoseconds
        if ns == 0 { return "0s" }
        var out = ns < 0 ? "-" : ""
        ns = ns.magnitude > Int64.max.magnitude ? .max : abs(ns)
        for (name, size) in units.reversed() where name != "w" && ns >= size {
            out += "\(ns / size)\(name)"; ns %= size
        }
        return out
    }
}
