import SchedulerCore
import StateFormats

/// JSON lines for journal records. Hand-written: flat objects of strings, numbers and nulls only.
public enum JournalCodec {
    /// One record as a JSON object on one line (no trailing newline). Times in `zone`, with offset.
    public static func encode(_ r: JournalRecord, zone: TimeZoneRules) -> String {
        func time(_ t: Instant) -> String { "\"" + TimeFormat.rfc3339(t, zone: zone, fraction: true) + "\"" }
        func opt(_ v: Int32?) -> String { v.map(String.init) ?? "null" }
        var s = "{\"job\":" + quote(r.job)
        s += r.isSkipStretch ? ",\"run\":null,\"attempt\":null" : ",\"run\":\(r.run),\"attempt\":\(r.attempt)"
        if let c = r.count, let first = r.firstScheduledAt { s += ",\"count\":\(c),\"first_scheduled_at\":" + time(first) }
        s += ",\"scheduled_at\":" + time(r.scheduledAt) + ",\"started_at\":" + time(r.startedAt) + ",\"ended_at\":" + time(r.endedAt)
        s += ",\"status\":\"\(r.status.rawValue)\",\"exit_code\":\(opt(r.exitCode)),\"signal\":\(opt(r.signal))"
        s += ",\"cpu_seconds\":\(decimal(r.cpuSeconds)),\"max_rss_kb\":\(r.maxRSSKB)"
        s += ",\"duration_seconds\":\(decimal(r.durationSeconds)),\"pid\":\(opt(r.pid))"
        if let node = r.node { s += ",\"node\":" + quote(node) }
        return s + "}"
    }

    /// Parses one line; nil when it is not a complete, valid record (torn by a crash, or a number out of range).
    public static func decode(_ line: Substring) -> JournalRecord? { try? decodeChecked(Array(line.utf8)).get() }

    /// Parses one line (without its newline): the record, or why it is refused (StateFormats checks every field).
    public static func decodeChecked<C: Collection>(_ line: C) -> Result<JournalRecord, JournalLine.Refusal> where C.Element == UInt8 {
        JournalLine.decode(line).map(JournalRecord.init)
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// Three decimals, no exponent: 1.5 → "1.500".
    static func decimal(_ v: Double) -> String {
        guard let ms = Checked.integer((v * 1000).rounded(), as: Int64.self) else { return "0" }
        let sign = ms < 0 ? "-" : ""
        let a = abs(ms)
        let frac = String(a % 1000)
        return "\(sign)\(a / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
