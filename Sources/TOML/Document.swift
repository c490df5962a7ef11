/// Where the previous position lookup landed (0-based line, byte offset, 1-based column).
struct PositionHint: Sendable {
    var line = 0
    var offset: UInt32 = 0
    var column = 1
}

/// A table or array in the finished document: its nodes are `nodes[first ..< first + count]`.
struct Container {
    var first: UInt32
    var count: UInt32
    /// Where it was opened.
    var offset: UInt32
    /// Start of its hash index in `Document.index`, or `.max` for small containers (searched linearly).
    var indexStart: UInt32
}

/// A parsed document: the source bytes plus a compact index of every key and value.
/// Values are decoded from the source when asked for, which keeps a parsed file small
/// (see benchmarks/toml) and parsing fast.
final class Document: Sendable {
    /// Containers with at least this many keys get a hash index.
    static let indexThreshold: UInt32 = 12
    let source: [UInt8]
    let nodes: [Node]
    let containers: [Container]
    let index: [UInt32]
    /// Byte offset where each line starts (line 1 starts after a byte order mark).
    let lineStarts: [UInt32]

    init(source: [UInt8], nodes: [Node], containers: [Container], index: [UInt32], lineStarts: [UInt32]) {
        self.source = source; self.nodes = nodes; self.containers = containers
        self.index = index; self.lineStarts = lineStarts
    }

    static func indexCapacity(_ count: UInt32) -> Int {
        var cap = 32
        while cap < Int(count) * 2 { cap *= 2 }
        return cap
    }

    /// Bytes this document holds beyond the source text (which the caller usually keeps anyway).
    var indexBytes: Int {
        nodes.capacity * MemoryLayout<Node>.stride + containers.capacity * MemoryLayout<Container>.stride
            + index.capacity * 4 + lineStarts.capacity * 4
    }

    /// Position of `offset`, continuing from where the previous lookup landed: lookups mostly go
    /// forward through the file, so this costs a step or two even on a very long line.
    func position(_ offset: UInt32, hint: inout PositionHint) -> SourcePosition {
        let line = self.line(of: offset, from: hint.line)
        let start = lineStarts[line]
        let column = source.withUnsafeBufferPointer { src -> Int in
            let p = src.baseAddress!
            guard line == hint.line, hint.offset >= start, offset >= hint.offset else {
                return SourceLines.column(p, lineStart: Int(start), offset: Int(offset))
            }
            return hint.column + SourceLines.column(p, lineStart: Int(hint.offset), offset: Int(offset)) - 1
        }
        hint = PositionHint(line: line, offset: offset, column: column)
        return SourcePosition(line: line + 1, column: column)
    }

    /// Index of the last line starting at or before `offset`, searched forward from `guess` first.
    private func line(of offset: UInt32, from guess: Int) -> Int {
        lineStarts.withUnsafeBufferPointer { starts -> Int in
            var l = min(guess, starts.count - 1)
            if starts[l] <= offset {
                for _ in 0..<4 {
                    if l + 1 == starts.count || starts[l + 1] > offset { return l }
                    l += 1
                }
            }
            var lo = 0, hi = starts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }
    }

    /// The node index of `key` in container `c`.
    func find(_ c: UInt32, _ key: String) -> Int? {
        var key = key
        return key.withUTF8 { bytes in
            source.withUnsafeBufferPointer { src in
                let p = src.baseAddress!, end = src.count
                let box = containers[Int(c)]
                let first = Int(box.first)
                guard box.indexStart != .max else {
                    for n in first..<first + Int(box.count) where KeyToken.equals(p, end, nodes[n], bytes) { return n }
                    return nil
                }
                let mask = Document.indexCapacity(box.count) - 1
                var s = Int(truncatingIfNeeded: KeyHash.mix(KeyHash.hash(bytes))) & mask
                while true {
                    let v = index[Int(box.indexStart) + s]
                    if v == 0 { return nil }
                    if KeyToken.equals(p, end, nodes[Int(v - 1)], bytes) { return Int(v - 1) }
                    s = (s + 1) & mask
                }
            }
        }
    }

    func key(_ n: Int) -> String {
        source.withUnsafeBufferPointer { KeyToken.string($0.baseAddress!, $0.count, nodes[n]) }
    }

    func entry(_ n: Int, hint: inout PositionHint) -> TOMLTable.Entry {
        let keyPosition = position(nodes[n].keyOffset, hint: &hint)
        let valuePosition = position(nodes[n].valueOffset, hint: &hint)
        return TOMLTable.Entry(value: value(n, hint: &hint), keyPosition: keyPosition, valuePosition: valuePosition)
    }

    /// Decodes the value of node `n`; tables stay backed by the document, arrays are built.
    func value(_ n: Int, hint: inout PositionHint) -> TOMLValue {
        let node = nodes[n]
        let offset = Int(node.valueOffset), length = Int(node.payload)
        switch node.kind {
        case .table:
            return .table(TOMLTable(document: self, container: node.payload, hint: &hint))
        case .array:
            let box = containers[Int(node.payload)]
            let range = Int(box.first)..<Int(box.first + box.count)
            var elements = [TOMLValue](), positions = [SourcePosition]()
            elements.reserveCapacity(range.count)
            positions.reserveCapacity(range.count)
            for k in range {
                positions.append(position(nodes[k].valueOffset, hint: &hint))
                elements.append(value(k, hint: &hint))
            }
            return .array(TOMLArray(elements: elements, positions: positions))
        default:
            return source.withUnsafeBufferPointer { src in
                let p = src.baseAddress!
                switch node.kind {
                case .string: return .string(StringDecoder.string(p, offset: offset, length: length, plain: node.flags & Node.plainString != 0))
                case .integer: return .integer(NumberDecoder.integer(p, offset: offset, length: length) ?? 0)
                case .float: return .float(NumberDecoder.float(p, offset: offset, length: length))
                case .boolean: return .boolean(p[offset] == UInt8(ascii: "t"))
                default: return .dateTime(DateDecoder.dateTime(p, offset: offset, length: length))
                }
            }
        }
    }
}

extension Builder {
    /// Lays each container's nodes out contiguously, indexes big tables, and records line starts.
    func finish(source: [UInt8]) -> Document {
        var out = [Node]()
        out.reserveCapacity(nodes.count)
        var finals = [Container]()
        finals.reserveCapacity(containers.count)
        var index = [UInt32]()
        for c in containers {
            let first = out.count
            var n = c.head
            while n != .max { out.append(nodes[Int(n)]); n = links[Int(n)].next }
            var indexStart = UInt32.max
            let isTable = c.kind != .valueArray && c.kind != .tableArray
            if isTable && c.count >= Document.indexThreshold {
                indexStart = UInt32(index.count)
                let cap = Document.indexCapacity(c.count)
                index.append(contentsOf: repeatElement(0, count: cap))
                var n = c.head, k = first
                while n != .max {
                    var s = Int(truncatingIfNeeded: KeyHash.mix(links[Int(n)].hash)) & (cap - 1)
                    while index[Int(indexStart) + s] != 0 { s = (s + 1) & (cap - 1) }
                    index[Int(indexStart) + s] = UInt32(k + 1)
                    n = links[Int(n)].next; k += 1
                }
            }
            finals.append(Container(first: UInt32(first), count: c.count, offset: c.offset, indexStart: indexStart))
        }
        return Document(source: source, nodes: out, containers: finals, index: index, lineStarts: SourceLines.lineStarts(p, count: end))
    }
}
