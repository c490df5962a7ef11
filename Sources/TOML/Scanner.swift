/// Parse state: a cursor over the document bytes plus the index being built.
/// One struct with extensions in Scanner/Strings/Numbers/DateTimes/Keys/Statements/TableRules.
struct DocumentParser {
    let p: UnsafePointer<UInt8>
    let end: Int
    /// Cursor: index of the next unread byte.
    var i = 0
    let toml11: Bool
    let maxDepth: Int
    var builder: Builder
    /// Scratch list of the parts of the key being read (reused so keys don't allocate).
    var keyParts: [KeyPart] = []
    var keyCount = 0
    /// The table that `key = value` lines go into (set by headers).
    var current: UInt32 = 0
    /// Where the key of the current key/value line starts and ends, for messages.
    var lineKeyStart = 0, lineKeyEnd = 0
    /// Keep going after a key or table defined twice (`TOMLParser.parseCollecting`): the errors are kept
    /// here and the second definition is parsed but dropped.
    var collecting = false
    var collected: [TOMLError] = []

    init(_ p: UnsafePointer<UInt8>, count: Int, options: TOMLParser.Options) {
        self.p = p
        end = count
        toml11 = options.version == .v1_1
        maxDepth = min(max(1, options.maxDepth), TOMLParser.Options.depthLimit)
        builder = Builder(p, count: count)
    }

    /// The byte at `j`, or 0 past the end (NUL is never valid TOML, so 0 doubles as "stop").
    @inline(__always) func at(_ j: Int) -> UInt8 { j < end ? p[j] : 0 }

    /// An error at byte offset `offset`.
    func fail(_ offset: Int, _ message: String) -> TOMLError {
        TOMLError(position: position(offset), message: message)
    }

    /// Line and column (in Unicode scalars) of a byte offset; slow, used only for messages.
    func position(_ offset: Int) -> SourcePosition {
        SourceLines.position(of: offset, in: p, count: end)
    }

    /// Skips spaces and tabs.
    @inline(__always) mutating func skipSpaces() {
        while true {
            let b = at(i)
            guard b == 0x20 || b == 0x09 else { return }
            i += 1
        }
    }

    /// Skips spaces, tabs, newlines and comments (between array elements).
    mutating func skipBlank() throws(TOMLError) {
        while true {
            switch at(i) {
            case 0x20, 0x09, 0x0A: i += 1
            case 0x0D:
                guard at(i + 1) == 0x0A else { throw bareCarriageReturn(i) }
                i += 2
            case UInt8(ascii: "#"): try skipComment()
            default: return
            }
        }
    }

    /// Skips a comment from `#` up to (not including) the line end, checking its characters.
    mutating func skipComment() throws(TOMLError) {
        i += 1
        while i < end {
            let b = p[i]
            if (b >= 0x20 && b < 0x7F) || b == 0x09 { i += 1; continue }
            if b == 0x0A { return }
            if b >= 0x80 { i = try validateUTF8(at: i); continue }
            if b == 0x0D {
                guard at(i + 1) == 0x0A else { throw bareCarriageReturn(i) }
                return
            }
            throw fail(i, "control character \(Self.hex(UInt32(b))) is not allowed in a comment")
        }
    }

    /// After a value or header: optional spaces and comment, then a newline or the end of the file.
    mutating func expectLineEnd(after context: ValueContext) throws(TOMLError) {
        skipSpaces()
        if at(i) == UInt8(ascii: "#") { try skipComment() }
        guard i < end else { return }
        if p[i] == 0x0A { i += 1; return }
        if p[i] == 0x0D {
            guard at(i + 1) == 0x0A else { throw bareCarriageReturn(i) }
            i += 2
            return
        }
        let what = switch context {
        case let .key(a, b): "the value of key '\(text(a, b))'"
        case let .header(a, b): "the header \(text(a, b))"
        case .array: "the array"
        }
        throw fail(i, "expected a newline after \(what), found \(found(i))")
    }

    func bareCarriageReturn(_ j: Int) -> TOMLError {
        fail(j, "expected a line feed after carriage return (lines end with LF or CRLF), found \(found(j + 1))")
    }

    /// Checks the UTF-8 sequence whose lead byte (≥ 0x80) is at `j`; returns the index after it.
    @inline(__always) func validateUTF8(at j: Int) throws(TOMLError) -> Int {
        let n = UTF8Check.sequenceLength(p, j, end)
        guard n > 0 else { throw fail(j, "invalid UTF-8: \(found(j))") }
        return j + n
    }

    /// The byte-range text of the source, for messages (the bytes are already known to be UTF-8).
    func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + from, count: max(0, min(to, end) - from)), as: UTF8.self)
    }

    /// What stands at `j`, for "expected X, found Y" messages.
    func found(_ j: Int) -> String {
        guard j < end else { return "end of file" }
        let b = p[j]
        switch b {
        case 0x0A: return "newline"
        case 0x0D: return at(j + 1) == 0x0A ? "newline" : "carriage return"
        case 0x20: return "space"
        case 0x09: return "tab"
        case 0..<0x20, 0x7F: return "control character \(Self.hex(UInt32(b)))"
        case 0x80...:
            let n = UTF8Check.sequenceLength(p, j, end)
            return n > 0 ? "'\(text(j, j + n))'" : "invalid byte 0x\(String(b, radix: 16, uppercase: true))"
        default:
            guard Self.isWordByte(b) else { return "'\(text(j, j + 1))'" }
            var k = j
            while k < end, k - j < 40, Self.isWordByte(p[k]) { k += 1 }
            return "'\(text(j, k))\(k < end && Self.isWordByte(p[k]) ? "…" : "")'"
        }
    }

    /// Bytes shown together in "found 'word'": key characters plus those of numbers and dates.
    static func isWordByte(_ b: UInt8) -> Bool {
        isBareKeyByte(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
    }

    /// A-Z a-z 0-9 _ -
    @inline(__always) static func isBareKeyByte(_ b: UInt8) -> Bool {
        let l = b | 0x20
        return (l >= 0x61 && l <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// "U+001F" style.
    static func hex(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}

/// UTF-8 well-formedness (no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Check {
    /// Length of the valid sequence starting at `j`, or 0 if it is not valid UTF-8.
    @inline(__always)
    static func sequenceLength(_ p: UnsafePointer<UInt8>, _ j: Int, _ end: Int) -> Int {
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            k < end && p[k] >= lo && p[k] <= hi
        }
        switch p[j] {
        case 0..<0x80: return 1
        case 0xC2...0xDF: return cont(j + 1) ? 2 : 0
        case 0xE0: return cont(j + 1, 0xA0) && cont(j + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(j + 1) && cont(j + 2) ? 3 : 0
        case 0xED: return cont(j + 1, 0x80, 0x9F) && cont(j + 2) ? 3 : 0
        case 0xF0: return cont(j + 1, 0x90) && cont(j + 2) && cont(j + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(j + 1) && cont(j + 2) && cont(j + 3) ? 4 : 0
        case 0xF4: return cont(j + 1, 0x80, 0x8F) && cont(j + 2) && cont(j + 3) ? 4 : 0
        default: return 0
        }
    }
}

/// Converting byte offsets to 1-based line and column.
enum SourceLines {
    /// Length of a leading UTF-8 byte order mark (0 or 3); it is not counted as a column.
    static func bomLength(_ p: UnsafePointer<UInt8>, count: Int) -> Int {
        count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
    }

    /// Scans from the start: for error messages only.
    static func position(of offset: Int, in p: UnsafePointer<UInt8>, count: Int) -> SourcePosition {
        let stop = min(max(offset, 0), count)
        var line = 1, lineStart = bomLength(p, count: count)
        for j in 0..<stop where p[j] == 0x0A {
            line += 1
            lineStart = j + 1
        }
        return SourcePosition(line: line, column: column(p, lineStart: lineStart, offset: stop))
    }

    /// Offsets where lines start; line 1 starts after a byte order mark.
    static func lineStarts(_ p: UnsafePointer<UInt8>, count: Int) -> [UInt32] {
        var lines: [UInt32] = [UInt32(bomLength(p, count: count))]
        lines.reserveCapacity(count / 32)
        let raw = UnsafeRawPointer(p)
        var j = 0
        // Eight bytes at a time: skip words without a line feed (the classic has-zero-byte test).
        while j + 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 == 0 { j += 8; continue }
            for k in j..<j + 8 where p[k] == 0x0A { lines.append(UInt32(k + 1)) }
            j += 8
        }
        for k in j..<count where p[k] == 0x0A { lines.append(UInt32(k + 1)) }
        return lines
    }

    /// Columns count Unicode scalars: every byte that is not a UTF-8 continuation byte.
    static func column(_ p: UnsafePointer<UInt8>, lineStart: Int, offset: Int) -> Int {
        var continuations = 0
        var j = lineStart
        let raw = UnsafeRawPointer(p)
        while j + 8 <= offset {  // eight bytes at a time: a continuation byte is 10xxxxxx
            let x = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
            continuations += (x & ~(x << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            j += 8
        }
        while j < offset {
            if p[j] & 0xC0 == 0x80 { continuations += 1 }
            j += 1
        }
        return max(0, offset - lineStart) - continuations + 1
    }
}
