import SystemCalls

/// The byte stream under the protocol: a non-blocking socket, optionally wrapped in TLS, read through a
/// buffer. Every operation has a monotonic deadline; nothing here blocks past it.
final class Transport {
    /// A server message larger than this is refused (protocol violation) instead of allocated.
    static let maximumMessageSize = 64 << 20

    /// Where the socket is connected: a CancelRequest goes to the same place.
    enum Endpoint { case unix(String), tcp(SocketAddress) }

    let socket: FileDescriptor
    let peer: String
    let endpoint: Endpoint
    private var tls: TLSSession?
    private var buffer: [UInt8] = []
    private var start = 0
    private(set) var isClosed = false

    init(socket: FileDescriptor, peer: String, endpoint: Endpoint) { self.socket = socket; self.peer = peer; self.endpoint = endpoint }
    deinit { close() }

    var isEncrypted: Bool { tls != nil }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        tls = nil  // close_notify, then free
        _ = try? socket.close()
    }

    /// Wraps the socket in TLS and runs the handshake until `deadline`.
    func startTLS(_ session: TLSSession, deadline: Int64) throws(PostgresError) {
        guard start == buffer.count else { throw .protocolViolation("the server sent data before the TLS handshake") }
        tls = session
        while true {
            let step: TLSSession.Progress
            do { step = try session.handshake() } catch { tls = nil; throw .tls("\(peer): \(error)") }
            switch step {
            case .done: return
            case .wantRead: try wait(.readable, deadline, "TLS handshake with \(peer)")
            case .wantWrite: try wait(.writable, deadline, "TLS handshake with \(peer)")
            }
        }
    }

    /// Writes every byte before `deadline`.
    func send(_ bytes: [UInt8], deadline: Int64) throws(PostgresError) {
        guard !isClosed else { throw .connectionLost("the connection is closed") }
        var offset = 0
        while offset < bytes.count {
            let progress: TLSSession.Progress
            do {
                progress = try bytes.withUnsafeBytes { raw in
                    let rest = UnsafeRawBufferPointer(rebasing: raw[offset...])
                    if let tls { return try tls.write(rest) }
                    return try socket.send(rest).map { .done($0) } ?? .wantWrite
                }
            } catch { close(); throw .connectionLost("sending to \(peer): \(error)") }
            switch progress {
            case .done(let n): offset += n
            case .wantRead: try wait(.readable, deadline, "sending to \(peer)")
            case .wantWrite: try wait(.writable, deadline, "sending to \(peer)")
            }
        }
    }

    /// The single byte answering an SSLRequest ('S' or 'N'), read without buffering anything after it.
    func readByte(deadline: Int64) throws(PostgresError) -> UInt8 {
        try fill(1, deadline: deadline)
        defer { start += 1 }
        return buffer[start]
    }

    /// One backend message: its type byte and body. Lengths outside 4...maximumMessageSize and type bytes
    /// PostgreSQL never sends are protocol violations (a server that is not PostgreSQL).
    func receiveMessage(deadline: Int64, allowed: Set<UInt8> = Backend.known) throws(PostgresError) -> (type: UInt8, body: [UInt8]) {
        try fill(5, deadline: deadline)
        let type = buffer[start]
        guard allowed.contains(type) else {
            close()
            throw .protocolViolation("\(peer) sent \(Self.show(buffer[start..<min(buffer.count, start + 16)]))")
        }
        let length = Int(Int32(bitPattern: UInt32(buffer[start + 1]) << 24 | UInt32(buffer[start + 2]) << 16
            | UInt32(buffer[start + 3]) << 8 | UInt32(buffer[start + 4])))
        guard length >= 4, length <= Self.maximumMessageSize else {
            close()
            throw .protocolViolation("\(peer) sent a message of \(length) bytes: \(Self.show(buffer[start..<min(buffer.count, start + 16)]))")
        }
        try fill(1 + length, deadline: deadline)
        let body = Array(buffer[(start + 5)..<(start + 1 + length)])
        start += 1 + length
        return (type, body)
    }

    /// Reads until at least `count` unconsumed bytes are buffered.
    private func fill(_ count: Int, deadline: Int64) throws(PostgresError) {
        guard !isClosed else { throw .connectionLost("the connection is closed") }
        if start > 0 && start == buffer.count { buffer.removeAll(keepingCapacity: true); start = 0 }
        if start > 65536 { buffer.removeFirst(start); start = 0 }
        while buffer.count - start < count {
            var chunk = [UInt8](repeating: 0, count: max(16384, min(count - (buffer.count - start), 1 << 20)))
            let progress: TLSSession.Progress
            do {
                progress = try chunk.withUnsafeMutableBytes { raw in
                    if let tls { return try tls.read(into: raw) }
                    return try socket.receive(into: raw).map { .done($0) } ?? .wantRead
                }
            } catch { close(); throw .connectionLost("reading from \(peer): \(error)") }
            switch progress {
            case .done(0):
                close()
                throw .connectionLost("\(peer) closed the connection")
            case .done(let n): buffer += chunk[0..<n]
            case .wantRead: try wait(.readable, deadline, "waiting for \(peer)")
            case .wantWrite: try wait(.writable, deadline, "waiting for \(peer)")
            }
        }
    }

    private func wait(_ events: PollEvents, _ deadline: Int64, _ what: String) throws(PostgresError) {
        let left = deadline - SystemClock.monotonic()
        let ready: [PollEvents]
        do { ready = left > 0 ? try Poll.wait([(socket, events)], timeout: left) : [[]] } catch {
            close(); throw .connectionLost("\(what): \(error)")
        }
        if ready[0].isEmpty {
            close()
            throw .timeout(what)
        }
    }

    /// Printable bytes as text, others as \xNN: what a non-PostgreSQL server sent.
    static func show(_ bytes: ArraySlice<UInt8>) -> String {
        var s = "\""
        for b in bytes {
            if b >= 32 && b < 127 && b != 34 && b != 92 { s.append(Character(Unicode.Scalar(b))) } else {
                s += "\\x" + String(b, radix: 16).uppercased().leftPadded(2)
            }
        }
        return s + "\""
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
