/// Turning an already-checked string token into its value (escapes, line-ending backslashes, CRLF).
enum StringDecoder {
    /// The value of the string token at `offset` with `length` bytes (delimiters included).
    static func string(_ p: UnsafePointer<UInt8>, offset: Int, length: Int, plain: Bool) -> String {
        if plain {
            return String(decoding: UnsafeBufferPointer(start: p + offset + 1, count: length - 2), as: UTF8.self)
        }
        // Decoding never makes a string longer than its token.
        return String(unsafeUninitializedCapacity: length) { out in
            decode(p, offset: offset, length: length, into: out.baseAddress!)
        }
    }

    /// The value's bytes, for comparing keys.
    static func bytes(_ p: UnsafePointer<UInt8>, offset: Int, length: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: length) { out, count in
            count = decode(p, offset: offset, length: length, into: out.baseAddress!)
        }
    }

    /// Writes the value of the token into `out`; returns the number of bytes written.
    static func decode(_ p: UnsafePointer<UInt8>, offset: Int, length: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        let q = p[offset]
        let multiline = length >= 6 && p[offset + 1] == q && p[offset + 2] == q
        var j = offset + (multiline ? 3 : 1)
        let stop = offset + length - (multiline ? 3 : 1)
        if multiline {  // a newline right after the opening delimiter is not part of the value
            if p[j] == 0x0A { j += 1 } else if p[j] == 0x0D && j + 1 < stop && p[j + 1] == 0x0A { j += 2 }
        }
        var n = 0
        if q == 0x27 {
            while j < stop {
                if p[j] == 0x0D && j + 1 < stop && p[j + 1] == 0x0A { j += 1 }  // CRLF → LF
                out[n] = p[j]; n += 1; j += 1
            }
            return n
        }
        while j < stop {
            let b = p[j]
            if b == 0x5C {
                j = escape(p, j, stop, out, &n)
            } else {
                if b == 0x0D && j + 1 < stop && p[j + 1] == 0x0A { j += 1; continue }
                out[n] = b; n += 1; j += 1
            }
        }
        return n
    }

    /// Decodes the escape at `j` (a backslash) into `out`; returns the index after it.
    private static func escape(_ p: UnsafePointer<UInt8>, _ j: Int, _ stop: Int,
                               _ out: UnsafeMutablePointer<UInt8>, _ n: inout Int) -> Int {
        let e = p[j + 1]
        let simple: UInt8
        switch e {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "e"): simple = 0x1B
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): simple = e
        case UInt8(ascii: "x"): return scalar(p, j, digits: 2, out, &n)
        case UInt8(ascii: "u"): return scalar(p, j, digits: 4, out, &n)
        case UInt8(ascii: "U"): return scalar(p, j, digits: 8, out, &n)
        default:  // line-ending backslash: drop whitespace and newlines up to the next text
            var k = j + 1
            while k < stop, p[k] == 0x20 || p[k] == 0x09 || p[k] == 0x0A || p[k] == 0x0D { k += 1 }
            return k
        }
        out[n] = simple
        n += 1
        return j + 2
    }

    private static func scalar(_ p: UnsafePointer<UInt8>, _ j: Int, digits: Int,
                               _ out: UnsafeMutablePointer<UInt8>, _ n: inout Int) -> Int {
        var v: UInt32 = 0
        for k in j + 2..<j + 2 + digits { v = v << 4 | (DocumentParser.hexValue(p[k]) ?? 0) }
        n += encode(v, into: out + n)
        return j + 2 + digits
    }

    /// UTF-8 encodes a scalar value; returns the byte count.
    static func encode(_ v: UInt32, into o: UnsafeMutablePointer<UInt8>) -> Int {
        switch v {
        case 0..<0x80:
            o[0] = UInt8(v); return 1
        case 0x80..<0x800:
            o[0] = UInt8(0xC0 | v >> 6); o[1] = UInt8(0x80 | v & 0x3F); return 2
        case 0x800..<0x10000:
            o[0] = UInt8(0xE0 | v >> 12); o[1] = UInt8(0x80 | v >> 6 & 0x3F); o[2] = UInt8(0x80 | v & 0x3F); return 3
        default:
            o[0] = UInt8(0xF0 | v >> 18); o[1] = UInt8(0x80 | v >> 12 & 0x3F)
            o[2] = UInt8(0x80 | v >> 6 & 0x3F); o[3] = UInt8(0x80 | v & 0x3F); return 4
        }
    }
}
