/// One part of a (dotted) key as written: where it is and the hash of its decoded text.
struct KeyPart {
    /// Offset and length of the token (quotes included).
    var start: Int
    var length: Int
    var hash: UInt64
    var bare: Bool
    /// A quoted key with escapes: its text differs from its bytes.
    var escaped: Bool

    var end: Int { start + length }
}

extension DocumentParser {
    /// Reads a key (`a`, `"b"`, `'c'` or dotted `a . "b" . c`) into `keyParts`.
    mutating func parseKey(_ what: String) throws(TOMLError) {
        keyCount = 0
        while true {
            guard keyCount < maxDepth else {
                throw fail(i, "nesting too deep: a key has more than \(maxDepth) parts")
            }
            let part = try parseSimpleKey(keyCount == 0 ? what : "a key after '.'")
            // Overwrite instead of removeAll + append: this runs for every key in the file.
            if keyCount < keyParts.count { keyParts[keyCount] = part } else { keyParts.append(part) }
            keyCount += 1
            skipSpaces()
            guard at(i) == UInt8(ascii: ".") else { return }
            i += 1
            skipSpaces()
        }
    }

    mutating func parseSimpleKey(_ what: String) throws(TOMLError) -> KeyPart {
        let start = i
        let b = at(i)
        if Self.isBareKeyByte(b) {
            var h = KeyHash.basis
            while Self.isBareKeyByte(at(i)) {
                h = KeyHash.step(h, p[i])
                i += 1
            }
            return KeyPart(start: start, length: i - start, hash: h, bare: true, escaped: false)
        }
        guard b == 0x22 || b == 0x27 else { throw fail(i, "expected \(what), found \(found(i))") }
        if at(i + 1) == b && at(i + 2) == b {
            throw fail(i, "expected \(what), found a multi-line string (keys must be on one line)")
        }
        let plain = try scanString()
        var part = KeyPart(start: start, length: i - start, hash: 0, bare: false, escaped: !plain)
        part.hash = plain ? KeyHash.hash(UnsafeBufferPointer(start: p + start + 1, count: part.length - 2))
            : StringDecoder.bytes(p, offset: start, length: part.length).withUnsafeBufferPointer { KeyHash.hash($0) }
        return part
    }

    /// The last part of the key just read.
    var lastKeyPart: KeyPart { keyParts[keyCount - 1] }

    /// The key parts `from..<to` of `keyParts` as written, e.g. `a."b c".d`.
    func keyText(_ from: Int = 0, _ to: Int? = nil) -> String {
        let to = to ?? keyCount
        return keyParts[from..<to].map { text($0.start, $0.end) }.joined(separator: ".")
    }
}

/// FNV-1a over a key's decoded bytes; `mix` spreads it for open addressing.
enum KeyHash {
    static let basis: UInt64 = 0xCBF2_9CE4_8422_2325
    @inline(__always) static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100_0000_01B3 }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = basis
        for b in bytes { h = step(h, b) }
        return h
    }

    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33; h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33; h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}

/// Reading a stored node's key back from the source.
enum KeyToken {
    /// Token length of the key written at `offset` (used when it was too long to store).
    static func length(_ p: UnsafePointer<UInt8>, _ end: Int, _ offset: Int) -> Int {
        var j = offset
        let q = p[j]
        if q != 0x22 && q != 0x27 {
            while j < end && DocumentParser.isBareKeyByte(p[j]) { j += 1 }
            return j - offset
        }
        j += 1
        while p[j] != q { j += q == 0x22 && p[j] == 0x5C ? 2 : 1 }
        return j + 1 - offset
    }

    static func tokenLength(_ p: UnsafePointer<UInt8>, _ end: Int, _ node: Node) -> Int {
        node.keyLength == .max ? length(p, end, Int(node.keyOffset)) : Int(node.keyLength)
    }

    /// Whether the node's key text equals `bytes`.
    static func equals(_ p: UnsafePointer<UInt8>, _ end: Int, _ node: Node, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let offset = Int(node.keyOffset)
        let len = tokenLength(p, end, node)
        if node.flags & Node.keyEscaped != 0 {
            return StringDecoder.bytes(p, offset: offset, length: len).withUnsafeBufferPointer { same($0.baseAddress!, $0.count, bytes) }
        }
        let bare = node.flags & Node.keyBare != 0
        return same(p + offset + (bare ? 0 : 1), bare ? len : len - 2, bytes)
    }

    @inline(__always) static func same(_ a: UnsafePointer<UInt8>, _ n: Int, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard n == b.count else { return false }
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }

    /// The key's text as a String.
    static func string(_ p: UnsafePointer<UInt8>, _ end: Int, _ node: Node) -> String {
        let offset = Int(node.keyOffset)
        let len = tokenLength(p, end, node)
        if node.flags & Node.keyBare != 0 {
            return String(decoding: UnsafeBufferPointer(start: p + offset, count: len), as: UTF8.self)
        }
        return StringDecoder.string(p, offset: offset, length: len, plain: node.flags & Node.keyEscaped == 0)
    }
}
