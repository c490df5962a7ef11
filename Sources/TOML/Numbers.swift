/// Integers and floats: scanning with every TOML rule, and decoding on access.
extension DocumentParser {
    /// Scans a number, date or time starting at `i`; returns its kind and moves past it.
    mutating func scanNumberOrDate() throws(TOMLError) -> NodeKind {
        if Self.isDigit(at(i)) && Self.isDigit(at(i + 1)) {
            if at(i + 2) == UInt8(ascii: ":") { try scanTime(); return try finishValue(.dateTime, "time") }
            if Self.isDigit(at(i + 2)) && Self.isDigit(at(i + 3)) && at(i + 4) == UInt8(ascii: "-") {
                try scanDateTime()
                return try finishValue(.dateTime, "date")
            }
        }
        let start = i
        let signed = at(i) == UInt8(ascii: "+") || at(i) == UInt8(ascii: "-")
        if signed { i += 1 }
        if at(i) == UInt8(ascii: "i") || at(i) == UInt8(ascii: "n") { return try scanSpecialFloat(start) }
        if at(i) == UInt8(ascii: "0"), let radix = Self.radix(at(i + 1)) {
            guard !signed else { throw fail(start, "\(radix.name == "octal" ? "an" : "a") \(radix.name) integer can't have a sign, found \(found(start))") }
            i += 2
            try scanDigits(radix.digit, radix.digitName)
            try checkInteger(start)
            return try finishValue(.integer, "\(radix.name) integer")
        }
        return try scanDecimal(start)
    }

    /// A decimal integer or float after its sign.
    mutating func scanDecimal(_ start: Int) throws(TOMLError) -> NodeKind {
        let intStart = i
        try scanDigits(Self.isDigit, "a digit")
        if p[intStart] == UInt8(ascii: "0") && i - intStart > 1 {
            throw fail(intStart, "leading zeros are not allowed in a number, found \(found(start))")
        }
        var isFloat = false
        if at(i) == UInt8(ascii: ".") {
            i += 1
            try scanDigits(Self.isDigit, "a digit after the decimal point")
            isFloat = true
        }
        if at(i) | 0x20 == UInt8(ascii: "e") {
            i += 1
            if at(i) == UInt8(ascii: "+") || at(i) == UInt8(ascii: "-") { i += 1 }
            try scanDigits(Self.isDigit, "a digit in the exponent")
            isFloat = true
        }
        if !isFloat { try checkInteger(start) }
        return try finishValue(isFloat ? .float : .integer, isFloat ? "float" : "integer")
    }

    /// One or more digits with single underscores between them.
    mutating func scanDigits(_ isDigit: (UInt8) -> Bool, _ what: String) throws(TOMLError) {
        guard isDigit(at(i)) else { throw fail(i, "expected \(what), found \(found(i))") }
        i += 1
        while true {
            if isDigit(at(i)) { i += 1; continue }
            guard at(i) == UInt8(ascii: "_") else { return }
            guard isDigit(at(i + 1)) else {
                throw fail(i, "expected \(what) after '_' (underscores go between digits), found \(found(i + 1))")
            }
            i += 2
        }
    }

    /// `inf` and `nan` with an optional sign.
    mutating func scanSpecialFloat(_ start: Int) throws(TOMLError) -> NodeKind {
        let a = at(i), b = at(i + 1), c = at(i + 2)
        guard (a == UInt8(ascii: "i") && b == UInt8(ascii: "n") && c == UInt8(ascii: "f"))
            || (a == UInt8(ascii: "n") && b == UInt8(ascii: "a") && c == UInt8(ascii: "n")) else {
            throw fail(start, "expected a value, found \(found(start))")
        }
        i += 3
        return try finishValue(.float, "float")
    }

    /// Rejects integers outside the 64-bit range.
    func checkInteger(_ start: Int) throws(TOMLError) {
        guard NumberDecoder.integer(p, offset: start, length: i - start) != nil else {
            throw fail(start, "integer \(text(start, i)) does not fit in 64 bits (range -9223372036854775808...9223372036854775807)")
        }
    }

    /// A value must be followed by whitespace, a comment, a newline, `,`, `]`, `}` or the end.
    mutating func finishValue(_ kind: NodeKind, _ what: String) throws(TOMLError) -> NodeKind {
        switch at(i) {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"):
            return kind
        case 0 where i >= end:
            return kind
        default:
            throw fail(i, "unexpected \(found(i)) after \(what) value")
        }
    }

    static func radix(_ b: UInt8) -> (name: String, digitName: String, digit: (UInt8) -> Bool)? {
        switch b {
        case UInt8(ascii: "x"): ("hexadecimal", "a hexadecimal digit", { hexValue($0) != nil })
        case UInt8(ascii: "o"): ("octal", "an octal digit (0-7)", { $0 >= 0x30 && $0 <= 0x37 })
        case UInt8(ascii: "b"): ("binary", "a binary digit (0 or 1)", { $0 == 0x30 || $0 == 0x31 })
        default: nil
        }
    }
}

/// Values of checked number tokens.
enum NumberDecoder {
    /// The integer value, or nil when it does not fit in Int64.
    static func integer(_ p: UnsafePointer<UInt8>, offset: Int, length: Int) -> Int64? {
        var j = offset
        let stop = offset + length
        var negative = false
        if p[j] == UInt8(ascii: "+") || p[j] == UInt8(ascii: "-") { negative = p[j] == UInt8(ascii: "-"); j += 1 }
        var base: Int64 = 10
        if p[j] == UInt8(ascii: "0") && j + 1 < stop {
            switch p[j + 1] {
            case UInt8(ascii: "x"): base = 16
            case UInt8(ascii: "o"): base = 8
            case UInt8(ascii: "b"): base = 2
            default: break
            }
            if base != 10 { j += 2 }
        }
        // Accumulate negatively so Int64.min fits.
        var v: Int64 = 0
        while j < stop {
            let b = p[j]
            j += 1
            guard let d = DocumentParser.hexValue(b) else { continue }  // underscore
            let (m, o1) = v.multipliedReportingOverflow(by: base)
            let (s, o2) = m.subtractingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            v = s
        }
        if negative { return v }
        return v == .min ? nil : -v
    }

    /// The float value (`inf`, `nan`, decimal with fraction and/or exponent).
    static func float(_ p: UnsafePointer<UInt8>, offset: Int, length: Int) -> Double {
        let last = p[offset + length - 1]
        if last == UInt8(ascii: "f") || last == UInt8(ascii: "n") {
            let negative = p[offset] == UInt8(ascii: "-")
            if last == UInt8(ascii: "n") { return negative ? -Double.nan : .nan }
            return negative ? -.infinity : .infinity
        }
        var text = ""
        text.reserveCapacity(length)
        for j in offset..<offset + length where p[j] != UInt8(ascii: "_") {
            text.unicodeScalars.append(Unicode.Scalar(p[j]))
        }
        return Double(text) ?? .nan
    }
}
