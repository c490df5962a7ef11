/// Scanning (and checking) the four kinds of TOML strings. Decoding happens later, on access.
extension DocumentParser {
    /// Scans the string starting at `i` (on its quote) and moves past it.
    /// Returns true when the content is exactly the bytes between the quotes (no escapes, single-line).
    mutating func scanString() throws(TOMLError) -> Bool {
        let q = p[i]
        let multiline = at(i + 1) == q && at(i + 2) == q
        if q == UInt8(ascii: "\"") {
            if multiline { try scanMultilineBasic(); return false }
            return try scanBasic()
        }
        if multiline { try scanMultilineLiteral(); return false }
        try scanLiteral()
        return true
    }

    /// `"..."` with escapes; returns true when it has no escapes.
    mutating func scanBasic() throws(TOMLError) -> Bool {
        try scanSingleLine(quote: 0x22)
    }

    /// `'...'`: no escapes; every character but controls (tab allowed) and `'`.
    mutating func scanLiteral() throws(TOMLError) {
        _ = try scanSingleLine(quote: 0x27)
    }

    /// A one-line string closed by `quote`; backslash escapes only in basic (`"`) strings.
    /// Returns true when the content is exactly the bytes between the quotes.
    private mutating func scanSingleLine(quote: UInt8) throws(TOMLError) -> Bool {
        let open = i
        let escape: UInt8 = quote == 0x22 ? 0x5C : quote  // literal strings: never reached as an escape
        var j = i + 1, plain = true
        while j < end {
            let b = p[j]
            if b >= 0x20 && b < 0x7F && b != quote && b != escape { j += 1; continue }
            if b == quote { i = j + 1; return plain }
            if b == escape { plain = false; j = try scanEscape(j); continue }
            if b >= 0x80 { j = try validateUTF8(at: j); continue }
            if b == 0x09 { j += 1; continue }
            if b == 0x0A || b == 0x0D { break }
            throw controlInString(j)
        }
        throw unclosed(open, j, quote == 0x22 ? "\"" : "'")
    }

    /// `"""..."""`: escapes, newlines, line-ending backslashes, up to two quotes before the closing ones.
    mutating func scanMultilineBasic() throws(TOMLError) {
        let open = i
        var j = i + 3
        while j < end {
            let b = p[j]
            if b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C { j += 1; continue }
            switch b {
            case 0x22:
                if let close = try closingQuotes(j, 0x22) { i = close; return }
                j += 1
            case 0x5C:
                if let k = try lineEndingBackslash(j) { j = k } else { j = try scanEscape(j) }
            default:
                j = try multilineOther(j)
            }
        }
        throw unclosed(open, j, "\"\"\"")
    }

    /// `'''...'''`: raw text with newlines.
    mutating func scanMultilineLiteral() throws(TOMLError) {
        let open = i
        var j = i + 3
        while j < end {
            let b = p[j]
            if b >= 0x20 && b < 0x7F && b != 0x27 { j += 1; continue }
            if b == 0x27 {
                if let close = try closingQuotes(j, 0x27) { i = close; return }
                j += 1
                continue
            }
            j = try multilineOther(j)
        }
        throw unclosed(open, j, "'''")
    }

    /// At a quote inside a multi-line string: the index after the closing delimiter if this run closes it.
    /// A run of 3, 4 or 5 quotes closes it (1–2 of them belong to the content); 6 or more is an error.
    func closingQuotes(_ j: Int, _ q: UInt8) throws(TOMLError) -> Int? {
        var n = 0
        while at(j + n) == q { n += 1 }
        guard n >= 3 else { return nil }
        guard n <= 5 else {
            let d = q == 0x22 ? "\"\"\"" : "'''"
            throw fail(j + 5, "expected at most two quotes before the closing \(d), found \(n - 3); escape some of them")
        }
        return j + n
    }

    /// Newlines, tabs, non-ASCII and control characters inside a multi-line string.
    func multilineOther(_ j: Int) throws(TOMLError) -> Int {
        let b = p[j]
        if b == 0x0A || b == 0x09 { return j + 1 }
        if b >= 0x80 { return try validateUTF8(at: j) }
        if b == 0x0D {
            guard at(j + 1) == 0x0A else { throw bareCarriageReturn(j) }
            return j + 2
        }
        throw controlInString(j)
    }

    /// A backslash followed by optional spaces and a newline: returns the index after the
    /// whitespace and newlines it removes, or nil when this backslash starts an ordinary escape.
    func lineEndingBackslash(_ j: Int) throws(TOMLError) -> Int? {
        var k = j + 1
        while at(k) == 0x20 || at(k) == 0x09 { k += 1 }
        guard at(k) == 0x0A || (at(k) == 0x0D && at(k + 1) == 0x0A) else { return nil }
        while true {
            switch at(k) {
            case 0x20, 0x09, 0x0A: k += 1
            case 0x0D:
                guard at(k + 1) == 0x0A else { throw bareCarriageReturn(k) }
                k += 2
            default: return k
            }
        }
    }

    /// Checks the escape sequence at `j` (a backslash); returns the index after it.
    func scanEscape(_ j: Int) throws(TOMLError) -> Int {
        switch at(j + 1) {
        case UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"),
             UInt8(ascii: "\""), UInt8(ascii: "\\"):
            return j + 2
        case UInt8(ascii: "e") where toml11:
            return j + 2
        case UInt8(ascii: "x") where toml11:
            _ = try hexScalar(j, digits: 2)
            return j + 4
        case UInt8(ascii: "u"):
            _ = try hexScalar(j, digits: 4)
            return j + 6
        case UInt8(ascii: "U"):
            _ = try hexScalar(j, digits: 8)
            return j + 10
        default:
            let valid = toml11 ? "\\b \\t \\n \\f \\r \\e \\\" \\\\ \\xHH \\uXXXX \\UXXXXXXXX"
                : "\\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX"
            let what = j + 1 < end && p[j + 1] >= 0x21 && p[j + 1] < 0x7F ? "'\\\(text(j + 1, j + 2))'" : "'\\' followed by \(found(j + 1))"
            throw fail(j, "invalid escape sequence: expected one of \(valid), found \(what)")
        }
    }

    /// The hex digits after `\x`, `\u` or `\U` at `j`; they must name a Unicode scalar value.
    func hexScalar(_ j: Int, digits: Int) throws(TOMLError) -> UInt32 {
        var v: UInt32 = 0
        for k in j + 2..<j + 2 + digits {
            guard let d = Self.hexValue(at(k)) else {
                throw fail(k, "expected \(digits) hex digits after '\(text(j, j + 2))', found \(found(k))")
            }
            v = v << 4 | d
        }
        guard v < 0xD800 || (v > 0xDFFF && v <= 0x10FFFF) else {
            throw fail(j, "escape '\(text(j, j + 2 + digits))' is not a Unicode scalar value (surrogate or above U+10FFFF)")
        }
        return v
    }

    @inline(__always) static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x41...0x46: UInt32(b - 0x41 + 10)
        case 0x61...0x66: UInt32(b - 0x61 + 10)
        default: nil
        }
    }

    func controlInString(_ j: Int) -> TOMLError {
        let code = Self.hex(UInt32(p[j]))
        return fail(j, "control character \(code) must be escaped in a string (write \\u\(code.dropFirst(2)))")
    }

    func unclosed(_ open: Int, _ j: Int, _ delimiter: String) -> TOMLError {
        fail(j, "expected \(delimiter) to close the string opened at \(position(open)), found \(found(j))")
    }
}
