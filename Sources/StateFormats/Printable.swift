/// Text from a file or a socket made safe for a terminal: control characters (ESC, NUL, DEL, C1) become
/// visible escapes, so a crafted file can't move the cursor, retitle the window or cut a message short.
public enum Printable {
    /// `s` with every control character except tab written as `\n`, `\r`, `\e`, `\0` or `\u{XX}`;
    /// `keepingNewlines`: line breaks stay (our own multi-line messages).
    public static func escaped(_ s: String, keepingNewlines: Bool = false) -> String {
        func escapes(_ u: Unicode.Scalar) -> Bool { isControl(u) && !(keepingNewlines && u == "\n") }
        guard s.unicodeScalars.contains(where: escapes) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            guard escapes(u) else { out.unicodeScalars.append(u); continue }
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            case "\0": out += "\\0"
            default: out += "\\u{" + String(u.value, radix: 16) + "}"
            }
        }
        return out
    }

    /// How many characters `u` takes once escaped (1 when it is not escaped).
    public static func width(_ u: Unicode.Scalar) -> Int { isControl(u) ? escaped(String(u)).unicodeScalars.count : 1 }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\t") || (0x7F...0x9F).contains(u.value)
    }
}
