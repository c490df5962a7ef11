/// What a node holds. Scalars keep only where their token is; they are decoded on access.
enum NodeKind: UInt8 {
    case string, integer, float, boolean, dateTime, table, array
}

/// One key/value or array element: 16 bytes, offsets into the source.
struct Node {
    static let keyBare: UInt8 = 1, keyEscaped: UInt8 = 2, plainString: UInt8 = 4
    /// Where the key part is written (tables: the last part of the header or dotted key).
    var keyOffset: UInt32
    /// Where the value starts (tables defined by a header: the header's `[`).
    var valueOffset: UInt32
    /// Container index for tables and arrays; token length for scalars.
    var payload: UInt32
    /// Token length of the key; `.max` means "too long, scan it again".
    var keyLength: UInt16
    var kind: NodeKind
    var flags: UInt8

    init(key: KeyPart?, value: ValueToken) {
        keyOffset = UInt32(truncatingIfNeeded: key?.start ?? 0)
        keyLength = UInt16(truncatingIfNeeded: min(key?.length ?? 0, Int(UInt16.max)))
        valueOffset = UInt32(truncatingIfNeeded: value.offset)
        payload = value.payload
        kind = value.kind
        flags = (value.plain ? Node.plainString : 0) | (key?.bare == true ? Node.keyBare : 0)
            | (key?.escaped == true ? Node.keyEscaped : 0)
    }
}

/// A parsed value before it is stored in a node.
struct ValueToken {
    var kind: NodeKind
    var offset: Int
    var payload: UInt32
    var plain = false
}

/// How a table or array came to be; decides what may later add to it.
enum ContainerKind: UInt8 {
    /// The document itself.
    case root
    /// `[a.b]`, or an element of `[[a]]`.
    case headerTable
    /// Created by a header path (`a` in `[a.b]`); a later `[a]` may still define it once.
    case implicitTable
    /// Created by a dotted key (`a` in `a.b = 1`); only more dotted keys in the same place may add to it.
    case dottedTable
    /// `{ ... }`: complete when closed.
    case inlineTable
    /// `[1, 2]`
    case valueArray
    /// Made by `[[a]]` headers.
    case tableArray
}

/// A container while parsing: its nodes are a linked list (tables grow long after they open).
struct BuildContainer {
    var head = UInt32.max, tail = UInt32.max, count: UInt32 = 0
    var offset: UInt32
    var depth: Int32
    var kind: ContainerKind
    /// Whether its keys are in the hash map (big tables); small ones are searched linearly.
    var mapped = false
}

/// What parsing needs about a node besides the node itself.
struct Link {
    /// The next node of the same container, or `.max`.
    var next: UInt32
    /// The container holding the node.
    var owner: UInt32
    /// Hash of the node's key (0 for array elements).
    var hash: UInt64
}

/// Nodes and containers while parsing, plus a hash map from (container, key) to node
/// for tables with many keys (a short linear search is faster for the rest).
struct Builder {
    static let mapThreshold: UInt32 = 12
    let p: UnsafePointer<UInt8>
    let end: Int
    var nodes: [Node] = []
    var links: [Link] = []
    var containers: [BuildContainer]
    /// Open addressing: `tag << 32 | (node + 1)`, 0 when empty; the tag (high hash bits) spares
    /// most comparisons a trip to `links`.
    private var slots = [UInt64](repeating: 0, count: 256)
    private var keyed = 0

    init(_ p: UnsafePointer<UInt8>, count: Int) {
        self.p = p
        end = count
        // A node takes at least two bytes ("1,"), so this never regrows; untouched capacity costs
        // address space only, not memory.
        nodes.reserveCapacity(count / 2 + 8)
        links.reserveCapacity(count / 2 + 8)
        containers = [BuildContainer(offset: UInt32(SourceLines.bomLength(p, count: count)), depth: 0, kind: .root)]
    }

    /// The node of key `part` in container `c`.
    func find(_ c: UInt32, _ part: KeyPart) -> Int? {
        let box = containers[Int(c)]
        guard box.mapped else {
            var n = box.head
            while n != .max {
                if links[Int(n)].hash == part.hash && keyEquals(Int(n), part) { return Int(n) }
                n = links[Int(n)].next
            }
            return nil
        }
        let mixed = Self.slotHash(c, part.hash)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: mixed) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let v = slots[s]
                if v == 0 { return nil }
                if v >> 32 == mixed >> 32 {
                    let n = Int(v & 0xFFFF_FFFF) - 1
                    if links[n].owner == c && links[n].hash == part.hash && keyEquals(n, part) { return n }
                }
                s = (s + 1) & mask
            }
        }
    }

    @inline(__always) static func slotHash(_ c: UInt32, _ hash: UInt64) -> UInt64 {
        KeyHash.mix(hash ^ UInt64(c) &* 0x9E37_79B9_7F4A_7C15)
    }

    private func keyEquals(_ n: Int, _ part: KeyPart) -> Bool {
        if part.escaped {
            return StringDecoder.bytes(p, offset: part.start, length: part.length)
                .withUnsafeBufferPointer { KeyToken.equals(p, end, nodes[n], $0) }
        }
        let content = part.bare ? UnsafeBufferPointer(start: p + part.start, count: part.length)
            : UnsafeBufferPointer(start: p + part.start + 1, count: part.length - 2)
        return KeyToken.equals(p, end, nodes[n], content)
    }

    /// Adds a keyed node to `c` (the caller checked the key is new); returns its index.
    @discardableResult
    mutating func insert(_ node: Node, into c: UInt32, hash: UInt64) -> Int {
        let n = append(node, to: c, hash: hash)
        let box = containers[Int(c)]
        if box.mapped {
            addToMap(n)
        } else if box.count >= Builder.mapThreshold {
            containers[Int(c)].mapped = true
            var k = box.head
            while k != .max { addToMap(Int(k)); k = links[Int(k)].next }
        }
        return n
    }

    private mutating func addToMap(_ n: Int) {
        if (keyed + 1) * 2 > slots.count { grow() }
        place(n)
        keyed += 1
    }

    /// Adds an array element to `c`.
    mutating func appendElement(_ node: Node, to c: UInt32) {
        append(node, to: c, hash: 0)
    }

    @discardableResult
    private mutating func append(_ node: Node, to c: UInt32, hash: UInt64) -> Int {
        let n = nodes.count
        nodes.append(node)
        links.append(Link(next: .max, owner: c, hash: hash))
        let tail = containers[Int(c)].tail
        if tail == .max { containers[Int(c)].head = UInt32(n) } else { links[Int(tail)].next = UInt32(n) }
        containers[Int(c)].tail = UInt32(n)
        containers[Int(c)].count += 1
        return n
    }

    private mutating func place(_ n: Int) {
        let mixed = Self.slotHash(links[n].owner, links[n].hash)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: mixed) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        slots[s] = (mixed >> 32) << 32 | UInt64(n + 1)
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        for v in old where v != 0 { place(Int(v & 0xFFFF_FFFF) - 1) }
    }

    /// A new empty container; returns its index.
    mutating func addContainer(_ kind: ContainerKind, offset: Int, depth: Int) -> UInt32 {
        containers.append(BuildContainer(offset: UInt32(truncatingIfNeeded: offset), depth: Int32(depth), kind: kind))
        return UInt32(containers.count - 1)
    }

    /// The last table of an array of tables.
    func lastElement(_ array: UInt32) -> UInt32 {
        nodes[Int(containers[Int(array)].tail)].payload
    }
}
