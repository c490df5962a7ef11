/// A scalar JSON value in a flat object.
public enum FlatValue: Equatable, Sendable {
    case string(String), number(Double), null, bool(Bool)

    public var double: Double? { if case .number(let d) = self { return d } else { return nil } }
    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
}

/// Parser for one flat JSON object (no nested arrays or objects): all the journal needs.
public enum FlatJSON {
    /// The object's members; nil unless `text` is exactly one flat object (surrounding blanks allowed).
    public static func parseObject<C: Collection>(_ text: C) -> [String: FlatValue]? where C.Element == UInt8 {
        var p = Array(text)[...]
        func ws() { while let c = p.first, c == 32 || c == 9 || c == 13 || c == 10 { p.removeFirst() } }
        ws()
        guard p.popFirst() == UInt8(ascii: "{") else { return nil }
        var out = [String: FlatValue](minimumCapacity: 16)  // a journal record's keys, without regrowing
        ws()
        if p.first == UInt8(ascii: "}") { p.removeFirst(); ws(); return p.isEmpty ? out : nil }
        while true {
            ws()
            guard let key = string(&p) else { return nil }
            ws()
            guard p.popFirst() == UInt8(ascii: ":") else { return nil }
            ws()
            guard let v = value(&p) else { return nil }
            out[key] = v
            ws()
            switch p.popFirst() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): ws(); return p.isEmpty ? out : nil
            default: return nil
            }
        }
    }

    private static func value(_ p: inout ArraySlice<UInt8>) -> FlatValue? {
        // Allocation-free but for strings: start-up may read a million of these (a rebuilt history.state).
        switch p.first {
        case UInt8(ascii: "\""): return string(&p).map(FlatValue.string)
        case UInt8(ascii: "n"): return word("null", .null, &p)
        case UInt8(ascii: "t"): return word("true", .bool(true), &p)
        case UInt8(ascii: "f"): return word("false", .bool(false), &p)
        default: break
        }
        let number = p  // p drops what it reads: the digits are read back from here
        while let c = p.first, (c >= 48 && c <= 57) || c == 45 || c == 43 || c == 46 || c == 101 || c == 69 {
            p.removeFirst()
            guard p.startIndex - number.startIndex <= 64 else { return nil }
        }
        return Double(String(decoding: number[..<p.startIndex], as: UTF8.self)).map(FlatValue.number)
    }

    private static func word(_ w: StaticString, _ v: FlatValue, _ p: inout ArraySlice<UInt8>) -> FlatValue? {
        let bytes = UnsafeBufferPointer(start: w.utf8Start, count: w.utf8CodeUnitCount)
        guard p.starts(with: bytes) else { return nil }
        p.removeFirst(bytes.count)
        return v
    }

    private static func string(_ p: inout ArraySlice<UInt8>) -> String? {
        guard p.popFirst() == UInt8(ascii: "\"") else { return nil }
        // Most strings have no escape: taken whole, without copying byte by byte.
        if let end = p.firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }), p[end] == UInt8(ascii: "\"") {
            defer { p = p[(end + 1)...] }
            return String(decoding: p[..<end], as: UTF8.self)
        }
        var bytes: [UInt8] = []
        while let c = p.popFirst() {
            if c == UInt8(ascii: "\"") { return String(decoding: bytes, as: UTF8.self) }
            guard c == UInt8(ascii: "\\") else { bytes.append(c); continue }
            guard let e = p.popFirst() else { return nil }
            switch e {
            case UInt8(ascii: "n"): bytes.append(10)
            case UInt8(ascii: "t"): bytes.append(9)
            case UInt8(ascii: "r"): bytes.append(13)
            case UInt8(ascii: "b"): bytes.append(8)
            case UInt8(ascii: "f"): bytes.append(12)
            case UInt8(ascii: "u"):
                guard p.count >= 4, p.prefix(4).allSatisfy(isHex),
                      let v = UInt32(String(decoding: p.prefix(4), as: UTF8.self), radix: 16) else { return nil }
                p.removeFirst(4)
                bytes += Array(String(Unicode.Scalar(v) ?? "\u{FFFD}").utf8)
            default: bytes.append(e)
            }
        }
        return nil
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
    }
}
