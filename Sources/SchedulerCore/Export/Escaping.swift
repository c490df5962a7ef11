/// Backslash escaping shared by the TOML, YAML and systemd writers (each format differs in details).
public enum Escaping {
    /// The escapes all three formats share.
    static let common: [Unicode.Scalar: String] = ["\\": "\\\\", "\"": "\\\"", "\n": "\\n", "\t": "\\t", "\r": "\\r"]

    /// `s` in double quotes: scalars in `table` replaced, other scalars for which `other` returns text replaced by it.
    static func quoted(_ s: String, _ table: [Unicode.Scalar: String], other: (Unicode.Scalar) -> String?) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            if let e = table[u] { out += e } else if let e = other(u) { out += e } else { out.unicodeScalars.append(u) }
        }
        return out + "\""
    }

    /// `\u` and four hex digits, for control characters.
    static func u4(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool { u.value < 0x20 || u.value == 0x7F }
}
