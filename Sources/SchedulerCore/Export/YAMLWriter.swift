/// A small block-style YAML writer: every string double-quoted with escapes, so any text stays valid.
struct YAMLWriter {
    private(set) var text = ""
    private var depth = 0
    /// The next key is the first of a list item and goes after "- ".
    private var itemPending = false

    mutating func comment(_ s: String) {
        for line in s.split(separator: "\n", omittingEmptySubsequences: false) { text += indent + "# " + line + "\n" }
    }

    mutating func scalar(_ key: String, _ value: String) { line(key + ": " + Self.quoted(value)) }
    mutating func number(_ key: String, _ value: Int64) { line(key + ": \(value)") }
    mutating func bool(_ key: String, _ value: Bool) { line(key + ": \(value)") }

    /// `key:` followed by a nested block; `close()` ends it.
    mutating func open(_ key: String) { line(key + ":"); depth += 1 }
    mutating func close() { depth -= 1 }

    /// Starts a mapping inside a list; `close()` ends it.
    mutating func listItem() { itemPending = true; depth += 1 }

    mutating func list(_ key: String, _ values: [String]) {
        line(key + ":")
        for v in values { text += indent + "  - " + Self.quoted(v) + "\n" }
    }

    private var indent: String { String(repeating: "  ", count: depth) }

    private mutating func line(_ s: String) {
        if itemPending {
            text += String(repeating: "  ", count: depth - 1) + "- " + s + "\n"
            itemPending = false
        } else {
            text += indent + s + "\n"
        }
    }

    /// A YAML double-quoted scalar: `\`, `"`, control characters, C1 controls and the BOM escaped.
    static func quoted(_ s: String) -> String {
        Escaping.quoted(s, Escaping.common) { u in
            Escaping.isControl(u) || (0x80...0x9F).contains(u.value) || u.value == 0xFEFF ? Escaping.u4(u) : nil
        }
    }
}
