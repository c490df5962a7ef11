import TOML

/// A source file split into lines, to show the line of a diagnostic and size its caret.
public struct SourceText: Sendable {
    private let bytes: [UInt8]
    /// Byte offset where each line starts (built once: errors in a 10,000-job file stay cheap).
    private let lineStarts: [Int]

    public init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// Line `number` (1-based) without its line break, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// Length in characters of the key at `position`: a bare key or a quoted one.
    public func keyLength(at position: SourcePosition) -> Int {
        guard let rest = scalars(from: position), let first = rest.first else { return 1 }
        if first == "\"" || first == "'" { return quotedLength(rest) }
        let n = rest.prefix { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }.count
        return max(1, n)
    }

    /// Length in characters of the value at `position`, cut at the end of its line:
    /// a string, an array or inline table (to its closing bracket), or a bare word (number, boolean, date).
    public func valueLength(at position: SourcePosition) -> Int {
        guard let rest = scalars(from: position), let first = rest.first else { return 1 }
        switch first {
        case "\"", "'": return quotedLength(rest)
        case "[", "{": return bracketLength(rest)
        default:
            let n = rest.prefix { !" \t,]}#".unicodeScalars.contains($0) }.count
            return max(1, n)
        }
    }

    /// The rest of the line from `position` on.
    private func scalars(from position: SourcePosition) -> [Unicode.Scalar]? {
        guard let text = line(position.line) else { return nil }
        let all = Array(text.unicodeScalars)
        guard position.column >= 1, position.column <= all.count else { return nil }
        return Array(all[(position.column - 1)...])
    }

    /// A quoted token up to its closing quote (basic strings honour `\"`); the whole rest when unterminated.
    private func quotedLength(_ s: [Unicode.Scalar]) -> Int {
        let quote = s[0]
        var i = 1
        if s.count >= 3, s[1] == quote, s[2] == quote { return s.count }  // multi-line string: rest of line
        while i < s.count {
            if quote == "\"", s[i] == "\\" { i += 2; continue }
            if s[i] == quote { return i + 1 }
            i += 1
        }
        return s.count
    }

    /// An array or inline table up to its matching bracket on the same line, skipping strings.
    private func bracketLength(_ s: [Unicode.Scalar]) -> Int {
        var depth = 0, i = 0
        while i < s.count {
            switch s[i] {
            case "[", "{": depth += 1
            case "]", "}":
                depth -= 1
                if depth == 0 { return i + 1 }
            case "\"", "'": i += quotedLength(Array(s[i...])) - 1
            case "#": return max(1, i)
            default: break
            }
            i += 1
        }
        var n = s.count
        while n > 1, s[n - 1] == " " || s[n - 1] == "\t" { n -= 1 }
        return n
    }
}
