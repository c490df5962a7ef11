/// Building frontend messages of protocol 3.0: a type byte, an Int32 length that counts itself, a body.
struct MessageWriter {
    private(set) var bytes: [UInt8] = []

    /// Appends one message: `type` (nil for the untyped startup packets), then the body `build` writes.
    mutating func message(_ type: UInt8?, _ build: (inout MessageWriter) -> Void) {
        if let type { bytes.append(type) }
        let start = bytes.count
        int32(0)
        build(&self)
        let length = Int32(truncatingIfNeeded: bytes.count - start)
        withUnsafeBytes(of: length.bigEndian) { for (i, b) in $0.enumerated() { bytes[start + i] = b } }
    }

    mutating func int32(_ v: Int32) { withUnsafeBytes(of: v.bigEndian) { bytes += $0 } }
    mutating func int16(_ v: Int16) { withUnsafeBytes(of: v.bigEndian) { bytes += $0 } }
    mutating func raw(_ v: [UInt8]) { bytes += v }
    /// A NUL-terminated string. NUL bytes inside are refused earlier (`PostgresConnection.checkNoNUL`).
    mutating func cString(_ s: String) { bytes += s.utf8; bytes.append(0) }
}

/// Reading the body of one backend message.
struct MessageReader {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func int32() throws(PostgresError) -> Int32 {
        guard offset + 4 <= bytes.count else { throw .protocolViolation("message ends inside a 32-bit integer") }
        defer { offset += 4 }
        return Int32(bitPattern: UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3]))
    }

    mutating func int16() throws(PostgresError) -> Int16 {
        guard offset + 2 <= bytes.count else { throw .protocolViolation("message ends inside a 16-bit integer") }
        defer { offset += 2 }
        return Int16(bitPattern: UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1]))
    }

    mutating func byte() throws(PostgresError) -> UInt8 {
        guard offset < bytes.count else { throw .protocolViolation("message ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func cString() throws(PostgresError) -> String {
        guard let end = bytes[offset...].firstIndex(of: 0) else { throw .protocolViolation("unterminated string") }
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
    }

    mutating func take(_ count: Int) throws(PostgresError) -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else { throw .protocolViolation("field longer than its message") }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func rest() -> [UInt8] { defer { offset = bytes.count }; return Array(bytes[offset...]) }
}

/// Backend message type bytes we handle.
enum Backend {
    static let authentication = UInt8(ascii: "R"), parameterStatus = UInt8(ascii: "S"), backendKeyData = UInt8(ascii: "K")
    static let readyForQuery = UInt8(ascii: "Z"), errorResponse = UInt8(ascii: "E"), noticeResponse = UInt8(ascii: "N")
    static let rowDescription = UInt8(ascii: "T"), dataRow = UInt8(ascii: "D"), commandComplete = UInt8(ascii: "C")
    static let parseComplete = UInt8(ascii: "1"), bindComplete = UInt8(ascii: "2"), closeComplete = UInt8(ascii: "3")
    static let noData = UInt8(ascii: "n"), emptyQuery = UInt8(ascii: "I"), portalSuspended = UInt8(ascii: "s")
    static let parameterDescription = UInt8(ascii: "t"), notification = UInt8(ascii: "A")
    static let negotiateProtocol = UInt8(ascii: "v"), copyIn = UInt8(ascii: "G"), copyOut = UInt8(ascii: "H")
    static let copyBoth = UInt8(ascii: "W")

    /// Every type a PostgreSQL 12+ server may send: anything else means we are not talking to one.
    static let known: Set<UInt8> = Set("RSKZENTDC123nIstAvGHWcdV".utf8)
    /// What may arrive before the first ReadyForQuery. A non-PostgreSQL server ("HTTP/1.1", "SSH-2.0")
    /// fails this check on its first byte.
    static let startup: Set<UInt8> = Set("RSKZENv".utf8)
}
