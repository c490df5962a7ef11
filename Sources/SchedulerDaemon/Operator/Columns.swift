import SchedulerCore
import StateFormats

/// Aligned text columns (two spaces apart, last column unpadded) and colour.
public enum Columns {
    /// Left-aligned columns; `rightAligned` lists the columns to align right. Cells come from files (job names,
    /// commands in run states): control characters are escaped (Printable), never sent to the terminal.
    public static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let rows = rows.map { $0.map { Printable.escaped($0) } }
        var widths: [Int] = []
        for r in rows { for (i, c) in r.enumerated() { if i >= widths.count { widths.append(0) }; widths[i] = max(widths[i], c.count) } }
        var out = ""
        for r in rows {
            var line = ""
            for (i, c) in r.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - c.count)
                if i == r.count - 1 { line += rightAligned.contains(i) ? pad + c : c } else {
                    line += (rightAligned.contains(i) ? pad + c : c + pad) + "  "
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// ANSI colour when `on`.
    public static func paint(_ text: String, _ code: String, on: Bool) -> String { on ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}

/// A JSON object built key by key, in order (stable output for `--json`).
public struct JSONObject {
    var parts: [String] = []
    public init() {}
    public func add(_ key: String, _ value: String?) -> JSONObject { raw(key, value.map(JournalCodec.quote) ?? "null") }
    public func add(_ key: String, _ value: Int?) -> JSONObject { raw(key, value.map(String.init) ?? "null") }
    public func add(_ key: String, _ value: Bool) -> JSONObject { raw(key, value ? "true" : "false") }
    public func add(_ key: String, _ value: Double?) -> JSONObject { raw(key, value.map { JournalCodec.decimal($0) } ?? "null") }
    public func raw(_ key: String, _ json: String) -> JSONObject {
        var c = self; c.parts.append(JournalCodec.quote(key) + ":" + json); return c
    }
    public var text: String { "{" + parts.joined(separator: ",") + "}" }
}
