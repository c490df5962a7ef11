/// The grammar: lines of `key = value` and `[headers]`, and the values arrays and inline tables hold.
extension DocumentParser {
    /// Parses the whole document into `builder`.
    mutating func parseDocument() throws(TOMLError) {
        i = SourceLines.bomLength(p, count: end)
        while true {
            skipSpaces()
            guard i < end else { return }
            switch p[i] {
            case 0x0A: i += 1
            case 0x0D:
                guard at(i + 1) == 0x0A else { throw bareCarriageReturn(i) }
                i += 2
            case UInt8(ascii: "#"): try skipComment()
            case UInt8(ascii: "["): try header()
            default:
                try keyValue(in: current)
                try expectLineEnd(after: .key(lineKeyStart, lineKeyEnd))
            }
        }
    }

    /// `key = value` into table `table` (or a dotted sub-table of it).
    mutating func keyValue(in table: UInt32) throws(TOMLError) {
        try parseKey("a key")
        let keyStart = keyParts[0].start, keyEnd = lastKeyPart.end
        skipSpaces()
        guard at(i) == UInt8(ascii: "=") else {
            throw fail(i, "expected '=' after key '\(keyText())', found \(found(i))")
        }
        i += 1
        skipSpaces()
        let parent = try dottedParent(from: table)
        let last = lastKeyPart
        let depth = Int(builder.containers[Int(parent)].depth)
        if let n = builder.find(parent, last) {
            let error = fail(last.start, "duplicate key '\(keyText())': \(definedAt(n))")
            guard collecting else { throw error }
            collected.append(error)
            _ = try parseValue(depth: depth, for: .key(keyStart, keyEnd))  // read past it; the first one stays
        } else {
            let value = try parseValue(depth: depth, for: .key(keyStart, keyEnd))
            builder.insert(Node(key: last, value: value), into: parent, hash: last.hash)
        }
        (lineKeyStart, lineKeyEnd) = (keyStart, keyEnd)  // after the value: inline tables set it too
    }

    /// `[a.b]` or `[[a.b]]`; makes its table the current one.
    mutating func header() throws(TOMLError) {
        let open = i
        let isArray = at(i + 1) == UInt8(ascii: "[")
        i += isArray ? 2 : 1
        skipSpaces()
        try parseKey(isArray ? "a name for the array of tables after '[['" : "a table name after '['")
        skipSpaces()
        let close = isArray ? "]]" : "]"
        guard at(i) == UInt8(ascii: "]"), !isArray || at(i + 1) == UInt8(ascii: "]") else {
            let bad = at(i) == UInt8(ascii: "]") ? i + 1 : i
            throw fail(bad, "expected '\(close)' to close the header \(isArray ? "[[" : "[")\(keyText()), found \(found(bad))")
        }
        i += close.utf8.count
        var table: UInt32 = 0
        for k in 0..<keyCount - 1 { table = try headerStep(table, k, open) }
        current = isArray ? try appendTableArray(table, open) : try defineTable(table, open)
        try expectLineEnd(after: .header(open, i))
    }

    /// A value of any kind at `i`; `depth` is the depth of the container that will hold it.
    mutating func parseValue(depth: Int, for context: ValueContext) throws(TOMLError) -> ValueToken {
        let start = i
        switch at(i) {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let plain = try scanString()
            return ValueToken(kind: .string, offset: start, payload: UInt32(i - start), plain: plain)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "{"):
            return try parseInlineTable(depth: depth + 1)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return try parseBoolean(context)
        case 0x30...0x39, UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "i"), UInt8(ascii: "n"):
            let kind = try scanNumberOrDate()
            return ValueToken(kind: kind, offset: start, payload: UInt32(i - start))
        default:
            let letter = (at(i) | 0x20) >= 0x61 && (at(i) | 0x20) <= 0x7A
            throw fail(i, "expected \(expected(context)), found \(found(i))\(letter ? " (strings need quotes)" : "")")
        }
    }

    mutating func parseBoolean(_ context: ValueContext) throws(TOMLError) -> ValueToken {
        let start = i
        var k = i
        while k < end && Self.isWordByte(p[k]) { k += 1 }
        let word = UnsafeBufferPointer(start: p + start, count: k - start)
        guard word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) else {
            throw fail(start, "expected \(expected(context)), found \(found(start)) (booleans are lowercase true and false)")
        }
        i = k
        let kind = try finishValue(.boolean, "boolean")
        return ValueToken(kind: kind, offset: start, payload: UInt32(k - start))
    }

    /// `[ v, v, ... ]` with newlines and comments allowed between elements.
    mutating func parseArray(depth: Int) throws(TOMLError) -> ValueToken {
        let open = i
        let c = try openContainer(.valueArray, offset: open, depth: depth)
        i += 1
        while true {
            try skipBlank()
            if at(i) == UInt8(ascii: "]") { break }
            let element = try parseValue(depth: depth, for: .array(open))
            builder.appendElement(Node(key: nil, value: element), to: c)
            try skipBlank()
            if at(i) == UInt8(ascii: ",") { i += 1; continue }
            guard at(i) == UInt8(ascii: "]") else {
                throw fail(i, "expected ',' or ']' after an array element (array opened at \(position(open))), found \(found(i))")
            }
            break
        }
        i += 1
        return ValueToken(kind: .array, offset: open, payload: c)
    }

    /// `{ k = v, ... }`: one line and no trailing comma in TOML 1.0; TOML 1.1 allows both.
    mutating func parseInlineTable(depth: Int) throws(TOMLError) -> ValueToken {
        let open = i
        let c = try openContainer(.inlineTable, offset: open, depth: depth)
        i += 1
        try skipInInlineTable()
        if at(i) == UInt8(ascii: "}") { i += 1; return ValueToken(kind: .table, offset: open, payload: c) }
        while true {
            try keyValue(in: c)
            try skipInInlineTable()
            if at(i) == UInt8(ascii: "}") { break }
            guard at(i) == UInt8(ascii: ",") else {
                let hint = toml11 || !(at(i) == 0x0A || at(i) == 0x0D) ? "" : " (TOML 1.0 inline tables must be on one line)"
                throw fail(i, "expected ',' or '}' in the inline table opened at \(position(open)), found \(found(i))\(hint)")
            }
            i += 1
            try skipInInlineTable()
            if at(i) == UInt8(ascii: "}") {
                guard toml11 else { throw fail(i, "expected a key after ',' in inline table, found '}' (TOML 1.0 allows no trailing comma)") }
                break
            }
        }
        i += 1
        return ValueToken(kind: .table, offset: open, payload: c)
    }

    /// Spaces (TOML 1.0), or also newlines and comments (TOML 1.1), inside `{ }`.
    mutating func skipInInlineTable() throws(TOMLError) {
        if toml11 { try skipBlank() } else { skipSpaces() }
    }

    /// A new table or array at nesting `depth`, refused past the limit.
    mutating func openContainer(_ kind: ContainerKind, offset: Int, depth: Int) throws(TOMLError) -> UInt32 {
        guard depth <= maxDepth else {
            throw fail(offset, "nesting too deep: tables and arrays may nest at most \(maxDepth) levels")
        }
        return builder.addContainer(kind, offset: offset, depth: depth)
    }
}

/// Where a value or line end is expected, for messages (built only when one is needed).
enum ValueContext {
    /// The value of (or the line end after) the key written at these offsets.
    case key(Int, Int)
    /// An element of the array opened at this offset.
    case array(Int)
    /// The line end after the header written at these offsets.
    case header(Int, Int)
}

extension DocumentParser {
    func expected(_ context: ValueContext) -> String {
        switch context {
        case let .key(a, b): "a value for key '\(text(a, b))'"
        case let .array(open): "a value or ']' in the array opened at \(position(open))"
        case let .header(a, b): "a value after the header \(text(a, b))"
        }
    }
}
