/// Text from a file or a socket made safe for a terminal: control characters (ESC, NUL, DEL, C1) become
/// visible escapes, so a crafted file can't move the cursor, retitle the window or cut a message short.
public enum Printable {
    /// `s` with every control character except tab written as `\n`, `\r`, `\e`, `\0` or `\u{XX}`.
    public static func escaped(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            guard isControl(u) else { out.unicodeScalars.append(u); continue }
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

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\t") || (0x7F...0x9F).contains(u.value)
    }
}
