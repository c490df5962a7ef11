/// POSIX shell quoting.
public enum ShellQuote {
    /// `s` as one shell word: unchanged when it has only safe characters, else in single quotes
    /// (a `'` inside becomes `'\''`).
    public static func word(_ s: String) -> String {
        let safe = !s.isEmpty && s.unicodeScalars.allSatisfy { u in
            u.properties.isASCIIHexDigit || (u.value < 128 && (u.properties.isAlphabetic || "@%+=:,./_-".unicodeScalars.contains(u)))
        }
        if safe { return s }
        return "'" + s.replacingAll("'", with: "'\\''") + "'"
    }

    /// An argv as one shell command line.
    public static func line(_ argv: [String]) -> String { argv.map(word).joined(separator: " ") }
}
