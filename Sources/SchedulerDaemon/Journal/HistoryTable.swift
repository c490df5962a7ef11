import SchedulerCore
import StateFormats

/// `scheduler history` output: one attempt per line, aligned columns.
public enum HistoryTable {
    public static let header = ["JOB", "RUN", "TRY", "STATUS", "EXIT", "STARTED", "DURATION", "CPU", "MAX RSS"]

    /// `color`: failed, timed-out and killed runs in red (only on a terminal, the caller decides).
    public static func render(_ records: [JournalRecord], zone: TimeZoneRules, color: Bool = false) -> String {
        guard !records.isEmpty else { return "No runs recorded yet.\n" }
        // Job names come from the journal file: escaped (Printable), an ESC in one must not reach the terminal.
        let rows = [header] + records.map { row($0, zone: zone).map { Printable.escaped($0) } }
        let red = [false] + records.map { color && [.failed, .timedOut, .killed].contains($0.status) }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for (n, r) in rows.enumerated() {
            var line = ""
            for (i, c) in r.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                // Numbers right-aligned, text left-aligned.
                line += [1, 2, 6, 7, 8].contains(i) ? pad + c : c + pad
                if i < r.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += (red[n] ? "\u{1B}[31m" + line + "\u{1B}[0m" : line) + "\n"
        }
        return out
    }

    static func row(_ r: JournalRecord, zone: TimeZoneRules) -> [String] {
        if let count = r.count, let first = r.firstScheduledAt {
            return [r.job, "-", "-", "skipped \(thousands(count)) " + (count == 1 ? "time" : "times") + ", " + span(first, r.scheduledAt, zone: zone),
                    "-", TimeFormat.rfc3339(r.startedAt, zone: zone), "-", "-", "-"]
        }
        let exit = r.exitCode.map(String.init) ?? r.signal.map { "sig \($0)" } ?? "-"
        return [r.job, String(r.run), String(r.attempt), r.status.rawValue, exit, TimeFormat.rfc3339(r.startedAt, zone: zone),
                duration(r.durationSeconds), String(format3(r.cpuSeconds)) + "s", memory(r.maxRSSKB)]
    }

    /// 3599 → "3,599".
    static func thousands(_ n: Int) -> String {
        var digits = Array(String(n)), out = ""
        while digits.count > 3 { out = "," + String(digits.suffix(3)) + out; digits.removeLast(3) }
        return String(digits) + out
    }

    /// "10:00:01–10:59:59" (slots in the local zone); with dates when the two days differ.
    static func span(_ a: Instant, _ b: Instant, zone: TimeZoneRules) -> String {
        let x = Array(TimeFormat.rfc3339(a, zone: zone)), y = Array(TimeFormat.rfc3339(b, zone: zone))
        guard x.count >= 19, y.count >= 19 else { return String(x) + "–" + String(y) }
        if a == b { return String(x[11..<19]) }
        if x[..<10] == y[..<10] { return String(x[11..<19]) + "–" + String(y[11..<19]) }
        return String(x[..<10]) + " " + String(x[11..<19]) + "–" + String(y[..<10]) + " " + String(y[11..<19])
    }

    static func duration(_ s: Double) -> String {
        if s < 60 { return format3(s) + "s" }
        return DurationSyntax.format(.seconds(Checked.integer(s.rounded(), as: Int64.self) ?? Int64.max))
    }

    /// Three decimals; values a record can't hold (negative, huge, NaN) print as "?".
    static func format3(_ v: Double) -> String {
        guard let ms = Checked.integer((v * 1000).rounded(), as: Int64.self), ms >= 0 else { return "?" }
        let frac = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    static func memory(_ kb: Int) -> String {
        if kb == 0 { return "-" }
        if kb < 10_240 { return "\(kb)K" }
        return "\(kb / 1024)M"
    }
}
