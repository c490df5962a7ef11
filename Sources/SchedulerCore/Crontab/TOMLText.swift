/// Writes TOML keys and strings that any TOML 1.0 parser reads back exactly.
public enum TOMLText {
    /// A bare key when it is only letters, digits, `_` and `-`; else a quoted key.
    public static func key(_ k: String) -> String {
        let bare = !k.isEmpty && k.utf8.allSatisfy { b in
            b == 95 || b == 45 || (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b)
        }
        return bare ? k : basic(k)
    }

    /// A string value: a literal string ('…') when that needs no escapes and has a backslash or a
    /// double quote (commands read better that way), else a basic string ("…") with escapes.
    public static func string(_ s: String) -> String {
        let needsLiteral = s.contains("\\") || s.contains("\"")
        if needsLiteral, literalOK(s) { return "'" + s + "'" }
        return basic(s)
    }

    /// A literal string can't hold `'`, newlines or control characters other than tab.
    static func literalOK(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { $0 != "'" && ($0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F)) }
    }

    /// A basic string with every character TOML requires escaped.
    public static func basic(_ s: String) -> String {
        Escaping.quoted(s, table, other: { Escaping.isControl($0) ? Escaping.u4($0) : nil })
    }

    private static let table = Escaping.common.merging(["\u{08}": "\\b", "\u{0C}": "\\f"]) { $1 }

    /// An inline table of strings: `{ A = "1", B = "2" }`.
    public static func inlineTable(_ pairs: [(String, String)]) -> String {
        "{ " + pairs.map { key($0.0) + " = " + string($0.1) }.joined(separator: ", ") + " }"
    }

    /// Comment lines for `text`: each line prefixed with `# ` (or `#` when empty).
    public static func comment(_ text: String) -> [String] {
        // TOML comments may not hold control characters other than tab.
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0 == "\n" || $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) ? $0 : "?"
        }))
        return clean.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "#" : "# " + $0 }
    }
}
