import TOML

/// Writes toml-test's tagged JSON: tables as objects, arrays as arrays,
/// scalars as {"type": ..., "value": "..."}.
struct JSONWriter {
    var bytes: [UInt8] = []

    mutating func table(_ t: TOMLTable) {
        bytes.append(UInt8(ascii: "{"))
        for (k, (key, entry)) in t.entries.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            string(key)
            bytes.append(UInt8(ascii: ":"))
            value(entry.value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func value(_ v: TOMLValue) {
        switch v {
        case .table(let t): table(t)
        case .array(let a):
            bytes.append(UInt8(ascii: "["))
            for (k, e) in a.elements.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                value(e)
            }
            bytes.append(UInt8(ascii: "]"))
        case .string(let s): tagged("string", s)
        case .integer(let n): tagged("integer", String(n))
        case .float(let d): tagged("float", d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : "\(d)")
        case .boolean(let b): tagged("bool", b ? "true" : "false")
        case .dateTime(let d): tagged(Self.kind(d), Self.format(d))
        }
    }

    mutating func tagged(_ type: String, _ value: String) {
        bytes.append(contentsOf: #"{"type":""#.utf8)
        bytes.append(contentsOf: type.utf8)
        bytes.append(contentsOf: #"","value":"#.utf8)
        string(value)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    static func kind(_ d: TOMLDateTime) -> String {
        switch (d.date != nil, d.time != nil, d.offsetMinutes != nil) {
        case (true, true, true): "datetime"
        case (true, true, false): "datetime-local"
        case (true, false, _): "date-local"
        default: "time-local"
        }
    }

    /// RFC 3339 text: 1979-05-27T07:32:00.999+01:00
    static func format(_ d: TOMLDateTime) -> String {
        func pad(_ n: Int, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        var out = ""
        if let date = d.date { out += "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))" }
        if let t = d.time {
            if d.date != nil { out += "T" }
            out += "\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))"
            if t.nanosecond > 0 {
                var frac = pad(t.nanosecond, 9)
                while frac.hasSuffix("0") { frac.removeLast() }
                out += "." + frac
            }
        }
        if let off = d.offsetMinutes {
            out += off == 0 ? "Z" : "\(off < 0 ? "-" : "+")\(pad(abs(off) / 60, 2)):\(pad(abs(off) % 60, 2))"
        }
        return out
    }
}
