/// A syntax error in a dotenv file, with its 1-based line and column.
public struct DotEnvError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
}

/// `env_file` contents, in the dotenv format of Heroku config vars and docker `--env-file`:
/// `KEY=value` lines, `#` comments, optional `export `, values bare (trimmed, ` #` starts a comment),
/// 'single-quoted' (literal) or "double-quoted" (`\n \t \r \" \\ \$` escapes); quoted values may span lines.
/// No `$VAR` expansion: values are taken as written.
public enum DotEnv {
    public static func parse(_ text: String) throws(DotEnvError) -> [(String, String)] {
        var p = Cursor(Array(text.unicodeScalars))
        var out: [(String, String)] = []
        while !p.atEnd {
            p.skip(" \t")
            if p.atEnd { break }
            if p.peek == "\n" || p.peek == "\r" || p.peek == "#" { p.skipLine(); continue }
            let key = try name(&p)
            p.skip(" \t")
            guard p.peek == "=" else {
                throw p.error("expected '=' after '\(key)'")
            }
            p.advance()
            p.skip(" \t")
            out.append((key, try value(&p)))
        }
        return out
    }

    private static func name(_ p: inout Cursor) throws(DotEnvError) -> String {
        var start = p.error("expected a variable name (letters, digits, '_', not starting with a digit)")
        var key = p.take { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        if key == "export", p.peek == " " || p.peek == "\t" {
            p.skip(" \t")
            start = p.error(start.message)
            key = p.take { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else {
            throw start
        }
        return key
    }

    private static func value(_ p: inout Cursor) throws(DotEnvError) -> String {
        guard let q = p.peek, q == "\"" || q == "'" else {
            var v = p.take { $0 != "\n" && $0 != "\r" && $0 != "#" }
            if p.peek == "#", let last = v.unicodeScalars.last, last != " " && last != "\t" {
                v += p.take { $0 != "\n" && $0 != "\r" }  // '#' inside a word is part of the value
            }
            p.skipLine()
            return trimmed(v)
        }
        let start = (p.line, p.column)
        p.advance()
        var v = ""
        while let c = p.peek, c != q {
            p.advance()
            if q == "\"", c == "\\", let e = p.peek {
                p.advance()
                switch e {
                case "n": v += "\n"
                case "t": v += "\t"
                case "r": v += "\r"
                default: v.unicodeScalars.append(e)
                }
            } else {
                v.unicodeScalars.append(c)
            }
        }
        guard !p.atEnd else { throw DotEnvError(line: start.0, column: start.1, message: "unterminated quoted value") }
        p.advance()
        p.skip(" \t")
        guard p.atEnd || p.peek == "\n" || p.peek == "\r" || p.peek == "#" else {
            throw p.error("unexpected text after the closing quote")
        }
        p.skipLine()
        return v
    }

    private static func trimmed(_ s: String) -> String {
        var u = Substring(s)
        while let c = u.last, c == " " || c == "\t" { u = u.dropLast() }
        return String(u)
    }

    /// Reads scalars and keeps line and column for errors.
    private struct Cursor {
        let s: [Unicode.Scalar]
        var i = 0, line = 1, column = 1
        init(_ s: [Unicode.Scalar]) { self.s = s }
        var atEnd: Bool { i >= s.count }
        var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }
        mutating func advance() {
            if s[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        mutating func skip(_ set: String) { while let c = peek, set.unicodeScalars.contains(c) { advance() } }
        mutating func skipLine() {
            while let c = peek, c != "\n" { advance() }
            if !atEnd { advance() }
        }
        mutating func take(while ok: (Unicode.Scalar) -> Bool) -> String {
            var out = ""
            while let c = peek, ok(c) { out.unicodeScalars.append(c); advance() }
            return out
        }
        func error(_ message: String) -> DotEnvError { DotEnvError(line: line, column: column, message: message) }
    }
}
