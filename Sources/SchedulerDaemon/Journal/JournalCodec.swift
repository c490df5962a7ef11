import SchedulerCore

/// JSON lines for journal records. Hand-written: flat objects of strings, numbers and nulls only.
public enum JournalCodec {
    /// One record as a JSON object on one line (no trailing newline). Times in `zone`, with offset.
    public static func encode(_ r: JournalRecord, zone: TimeZoneRules) -> String {
        func time(_ t: Instant) -> String { "\"" + TimeFormat.rfc3339(t, zone: zone, fraction: true) + "\"" }
        func opt(_ v: Int32?) -> String { v.map(String.init) ?? "null" }
        var s = "{\"job\":" + quote(r.job)
        s += ",\"run\":\(r.run),\"attempt\":\(r.attempt)"
        s += ",\"scheduled_at\":" + time(r.scheduledAt) + ",\"started_at\":" + time(r.startedAt) + ",\"ended_at\":" + time(r.endedAt)
        s += ",\"status\":\"\(r.status.rawValue)\",\"exit_code\":\(opt(r.exitCode)),\"signal\":\(opt(r.signal))"
        s += ",\"cpu_seconds\":\(decimal(r.cpuSeconds)),\"max_rss_kb\":\(r.maxRSSKB)"
        s += ",\"duration_seconds\":\(decimal(r.durationSeconds)),\"pid\":\(opt(r.pid))}"
        return s
    }

    /// Parses one line; nil when it is not a complete, valid record (e.g. torn by a crash).
    public static func decode(_ line: Substring) -> JournalRecord? {
        guard let o = FlatJSON.parseObject(line),
              case .string(let job)? = o["job"], let run = o["run"]?.int, let attempt = o["attempt"]?.int,
              let sched = o["scheduled_at"]?.time, let start = o["started_at"]?.time, let end = o["ended_at"]?.time,
              case .string(let st)? = o["status"], let status = RunStatus(rawValue: st) else { return nil }
        return JournalRecord(job: job, run: run, attempt: attempt, scheduledAt: sched, startedAt: start, endedAt: end,
                             status: status, exitCode: o["exit_code"]?.int.map(Int32.init), signal: o["signal"]?.int.map(Int32.init),
                             cpuSeconds: o["cpu_seconds"]?.double ?? 0, maxRSSKB: o["max_rss_kb"]?.int ?? 0,
                             pid: o["pid"]?.int.map(Int32.init))
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
        guard v.isFinite else { return "0" }
        let ms = Int64((v * 1000).rounded())
        let sign = ms < 0 ? "-" : ""
        let a = abs(ms)
        let frac = String(a % 1000)
        return "\(sign)\(a / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}

/// A scalar JSON value in a flat object.
enum FlatValue: Equatable {
    case string(String), number(Double), null, bool(Bool)
    var int: Int? { if case .number(let d) = self, d == d.rounded(), abs(d) < 1e15 { return Int(d) } else { return nil } }
    var double: Double? { if case .number(let d) = self { return d } else { return nil } }
    var time: Instant? { if case .string(let s) = self { return TimeFormat.parseRFC3339(s) } else { return nil } }
}

/// Parser for one flat JSON object (no nested arrays or objects): all the journal needs.
enum FlatJSON {
    static func parseObject(_ text: Substring) -> [String: FlatValue]? {
        var p = Array(text.utf8)[...]
        func ws() { while let c = p.first, c == 32 || c == 9 || c == 13 || c == 10 { p.removeFirst() } }
        ws()
        guard p.popFirst() == UInt8(ascii: "{") else { return nil }
        var out: [String: FlatValue] = [:]
        ws()
        if p.first == UInt8(ascii: "}") { p.removeFirst(); ws(); return p.isEmpty ? out : nil }
        while true {
            ws()
            guard let key = string(&p) else { return nil }
            ws()
            guard p.popFirst() == UInt8(ascii: ":") else { return nil }
            ws()
            guard let v = value(&p) else { return nil }
            out[key] = v
            ws()
            switch p.popFirst() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): ws(); return p.isEmpty ? out : nil
            default: return nil
            }
        }
    }

    private static func value(_ p: inout ArraySlice<UInt8>) -> FlatValue? {
        if p.first == UInt8(ascii: "\"") { return string(&p).map(FlatValue.string) }
        for (word, v) in [("null", FlatValue.null), ("true", .bool(true)), ("false", .bool(false))] where p.starts(with: word.utf8) {
            p.removeFirst(word.utf8.count); return v
        }
        var n: [UInt8] = []
        while let c = p.first, (c >= 48 && c <= 57) || c == 45 || c == 43 || c == 46 || c == 101 || c == 69 { n.append(c); p.removeFirst() }
        return Double(String(decoding: n, as: UTF8.self)).map(FlatValue.number)
    }

    private static func string(_ p: inout ArraySlice<UInt8>) -> String? {
        guard p.popFirst() == UInt8(ascii: "\"") else { return nil }
        var bytes: [UInt8] = []
        while let c = p.popFirst() {
            if c == UInt8(ascii: "\"") { return String(decoding: bytes, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else { bytes.append(c); continue }
            guard let e = p.popFirst() else { return nil }
            switch e {
            case UInt8(ascii: "n"): bytes.append(10)
            case UInt8(ascii: "t"): bytes.append(9)
            case UInt8(ascii: "r"): bytes.append(13)
            case UInt8(ascii: "b"): bytes.append(8)
            case UInt8(ascii: "f"): bytes.append(12)
            case UInt8(ascii: "u"):
                guard p.count >= 4, let v = UInt32(String(decoding: p.prefix(4), as: UTF8.self), radix: 16) else { return nil }
                p.removeFirst(4)
                bytes += Array(String(Unicode.Scalar(v) ?? "\u{FFFD}").utf8)
            default: bytes.append(e)
            }
        }
        return nil
    }
}
