/// TOML's rules about which table may be defined or extended, and where.
extension DocumentParser {
    /// Follows the dotted prefix of a `key = value` line from `table`, creating tables as needed;
    /// returns the table that receives the last key part.
    mutating func dottedParent(from table: UInt32) throws(TOMLError) -> UInt32 {
        var t = table
        for k in 0..<keyCount - 1 {
            let part = keyParts[k]
            guard let n = builder.find(t, part) else {
                t = try addTable(.dottedTable, in: t, part: part, valueOffset: part.start, opened: part.start)
                continue
            }
            let node = builder.nodes[n]
            if node.kind == .table && builder.containers[Int(node.payload)].kind == .dottedTable {
                t = node.payload
                continue
            }
            let name = keyText(0, k + 1)
            guard node.kind == .table else {
                throw fail(part.start, "cannot add '\(keyText())' with dotted keys: '\(name)' is \(kindName(n)) (\(definedAt(n)))")
            }
            let how = builder.containers[Int(node.payload)].kind == .inlineTable
                ? "an inline table, complete when closed" : "a table defined by a header"
            throw fail(part.start, "cannot add '\(keyText())' with dotted keys: '\(name)' is \(how) (\(definedAt(n)))")
        }
        return t
    }

    /// One step of a header path (`a` in `[a.b]`): into an existing table or the last element of
    /// an array of tables, or a new implicit table.
    mutating func headerStep(_ table: UInt32, _ k: Int, _ open: Int) throws(TOMLError) -> UInt32 {
        let part = keyParts[k]
        guard let n = builder.find(table, part) else {
            return try addTable(.implicitTable, in: table, part: part, valueOffset: open, opened: open)
        }
        let node = builder.nodes[n]
        let isContainer = node.kind == .table || node.kind == .array
        let kind = isContainer ? builder.containers[Int(node.payload)].kind : .root
        if node.kind == .table && kind != .inlineTable { return node.payload }
        if node.kind == .array && kind == .tableArray { return builder.lastElement(node.payload) }
        let what = node.kind == .table ? "an inline table, complete when closed" : kindName(n)
        throw fail(part.start, "cannot define table '\(keyText())': '\(keyText(0, k + 1))' is \(what) (\(definedAt(n)))")
    }

    /// The last part of `[a.b]`: a new table, or one so far only implied by other headers.
    mutating func defineTable(_ table: UInt32, _ open: Int) throws(TOMLError) -> UInt32 {
        let part = lastKeyPart
        guard let n = builder.find(table, part) else {
            return try addTable(.headerTable, in: table, part: part, valueOffset: open, opened: open)
        }
        let node = builder.nodes[n]
        let c = Int(node.payload)
        guard node.kind == .table else {
            throw fail(part.start, "cannot define table [\(keyText())]: the key is already \(kindName(n)) (\(definedAt(n)))")
        }
        switch builder.containers[c].kind {
        case .implicitTable:
            // Its first explicit definition: point its positions at this header.
            builder.containers[c].kind = .headerTable
            builder.containers[c].offset = UInt32(open)
            builder.nodes[n].keyOffset = UInt32(part.start)
            builder.nodes[n].keyLength = UInt16(truncatingIfNeeded: min(part.length, Int(UInt16.max)))
            builder.nodes[n].valueOffset = UInt32(open)
            return node.payload
        case .dottedTable:
            return try twice(fail(part.start, "table [\(keyText())] was already defined by dotted keys (\(definedAt(n)))"), open)
        case .inlineTable:
            return try twice(fail(part.start, "table [\(keyText())] was already defined as an inline table (\(definedAt(n)))"), open)
        default:
            return try twice(fail(part.start, "table [\(keyText())] is defined twice (\(definedAt(n)))"), open)
        }
    }

    /// A table defined again: an error, or (collecting) noted, with a table of its own that nothing holds,
    /// so its keys are still read and checked for syntax but go nowhere.
    mutating func twice(_ error: TOMLError, _ open: Int) throws(TOMLError) -> UInt32 {
        guard collecting else { throw error }
        collected.append(error)
        return try openContainer(.headerTable, offset: open, depth: 1)
    }

    /// The last part of `[[a.b]]`: a new element of an array of tables (created on first use).
    mutating func appendTableArray(_ table: UInt32, _ open: Int) throws(TOMLError) -> UInt32 {
        let part = lastKeyPart
        let array: UInt32
        if let n = builder.find(table, part) {
            let node = builder.nodes[n]
            guard node.kind == .array && builder.containers[Int(node.payload)].kind == .tableArray else {
                let what = node.kind == .array ? "a static array" : kindName(n)
                throw fail(part.start, "cannot append to [[\(keyText())]]: the key is already \(what) (\(definedAt(n)))")
            }
            array = node.payload
        } else {
            let depth = Int(builder.containers[Int(table)].depth) + 1
            array = try openContainer(.tableArray, offset: open, depth: depth)
            let token = ValueToken(kind: .array, offset: open, payload: array)
            builder.insert(Node(key: part, value: token), into: table, hash: part.hash)
        }
        let depth = Int(builder.containers[Int(array)].depth) + 1
        let element = try openContainer(.headerTable, offset: open, depth: depth)
        builder.appendElement(Node(key: nil, value: ValueToken(kind: .table, offset: open, payload: element)), to: array)
        return element
    }

    /// A new table under key `part` of `table`.
    mutating func addTable(_ kind: ContainerKind, in table: UInt32, part: KeyPart, valueOffset: Int, opened: Int) throws(TOMLError) -> UInt32 {
        let depth = Int(builder.containers[Int(table)].depth) + 1
        let c = try openContainer(kind, offset: opened, depth: depth)
        builder.insert(Node(key: part, value: ValueToken(kind: .table, offset: valueOffset, payload: c)), into: table, hash: part.hash)
        return c
    }

    /// "first defined at 3:1"
    func definedAt(_ n: Int) -> String {
        "first defined at \(position(Int(builder.nodes[n].keyOffset)))"
    }

    /// "an integer", "a table", ... for messages.
    func kindName(_ n: Int) -> String {
        switch builder.nodes[n].kind {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .dateTime: "a date-time"
        case .table: "a table"
        case .array: builder.containers[Int(builder.nodes[n].payload)].kind == .tableArray ? "an array of tables" : "an array"
        }
    }
}
