import SchedulerCore

/// Heroku-shaped log lines: `2026-11-28T17:33:29.123456+09:00 scheduler[greeting.1]: State changed from starting to up`.
public enum LogFormat {
    public static func line(_ l: LogLine, zone: TimeZoneRules) -> String {
        TimeFormat.logStamp(l.time, zone: zone) + " " + l.source.rawValue + "[" + l.dyno + "]: " + l.message
    }

    /// Splits a formatted line back into its parts (for `logs` filters); nil if it isn't one of ours.
    public static func parse(_ text: Substring) -> (time: Substring, source: Substring, dyno: Substring, message: Substring)? {
        guard let sp = text.firstIndex(of: " "), let open = text[sp...].firstIndex(of: "["),
              let close = text[open...].firstIndex(of: "]"), text[close...].hasPrefix("]: ") else { return nil }
        return (text[..<sp], text[text.index(after: sp)..<open], text[text.index(after: open)..<close],
                text[text.index(close, offsetBy: 3)...])
    }
}
