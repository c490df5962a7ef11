import SchedulerCore
import SystemCalls

/// The daemon's control socket: `RUNTIME/daemon-HASH.sock` (directory 0700, socket 0600), one request
/// per connection. The client sends one line, `VERB [ARGUMENT]`; the daemon answers one line, `ok [TEXT]`
/// or `error TEXT`, and closes. A peer whose uid (SO_PEERCRED) is not the daemon's gets `error` at once.
/// Verbs: `ping` → `ok PID`; `reload` → `ok`; `trigger JOB` → `ok started JOB.N` / `ok queued JOB.N`;
/// `number JOB` → `ok N` (reserves a run number for `scheduler run`); `pending` → retries and queued runs,
/// `jobs` → the running config's jobs (`ControlViews`).
///
/// Nothing here ever waits: the listener and every connection are non-blocking and polled by the loop
/// with the other sources, so idle clients can't delay a launch. A connection gets `requestTimeout` to
/// send its line and as long to take its reply (a long one is written as the socket takes it); beyond
/// `maxPending` connections the oldest is closed.
public final class ControlServer {
    public let path: String
    public let listener: FileDescriptor
    /// Connections whose request line has not arrived yet, oldest first.
    private(set) var pending: [PendingRequest] = []
    /// Replies the socket did not take at once (a long `jobs` list), written as it becomes writable.
    private(set) var replies: [PendingReply] = []
    /// While accept fails for want of descriptors, the listener rests (else poll would spin on it).
    private(set) var restingUntil: Int64 = .min

    static let maxPending = 64
    static let requestTimeout: Int64 = 10_000_000_000
    static let maxRequestBytes = 65536

    struct PendingRequest {
        let connection: FileDescriptor
        var bytes: [UInt8] = []
        let deadline: Int64
    }

    struct PendingReply {
        let connection: FileDescriptor
        let bytes: [UInt8]
        var sent = 0
        let deadline: Int64
    }

    /// Listens at the socket for `config` (its canonical path); replaces a stale socket of a dead daemon.
    public init(paths: StatePaths, config: String) throws {
        path = paths.controlSocket(config: StatePaths.canonicalConfig(config))
        try StateDirectories.ensure(paths.runtime)
        listener = try UnixSocket.listen(at: path, backlog: 128, removingStaleSocket: true)
        try FileSystem.changeMode(path, to: 0o600)
        try listener.setNonblocking(true)
    }

    /// Stops listening, drops waiting connections, removes the socket file.
    public func close() {
        for c in pending.map(\.connection) + replies.map(\.connection) { try? c.close() }
        pending = []; replies = []
        try? listener.close()
        try? FileSystem.unlink(path)
    }

    /// What the loop polls: the listener (unless resting), connections to read, replies to write.
    func pollItems(now: Int64) -> [(descriptor: FileDescriptor, events: PollEvents)] {
        (now >= restingUntil ? [(listener, .readable)] : []) + pending.map { ($0.connection, .readable) }
            + replies.map { ($0.connection, .writable) }
    }

    /// When the loop must look again at the latest: the first deadline, or the end of a rest.
    var nextDeadline: Int64? {
        let d = [pending.first?.deadline, replies.first?.deadline, restingUntil > .min ? restingUntil : nil].compactMap { $0 }
        return d.min()
    }

    /// Sends `text` and closes the connection; what the socket does not take now waits for `continueReply`.
    func send(_ connection: FileDescriptor, _ text: String, now: Int64) {
        var r = PendingReply(connection: connection, bytes: Array(text.utf8), deadline: now + Self.requestTimeout)
        if Self.write(&r) { try? connection.close(); return }
        if replies.count >= Self.maxPending { try? replies.removeFirst().connection.close() }
        replies.append(r)
    }

    /// Writes more of a waiting reply; closes the connection when it is all sent or the peer is gone.
    func continueReply(_ connection: FileDescriptor) {
        guard let i = replies.firstIndex(where: { $0.connection == connection }) else { return }
        if Self.write(&replies[i]) { try? replies.remove(at: i).connection.close() }
    }

    /// Writes what the socket takes; true when done (all sent, or an error such as EPIPE).
    private static func write(_ r: inout PendingReply) -> Bool {
        let (fd, bytes) = (r.connection, r.bytes)
        while r.sent < bytes.count {
            let from = r.sent
            do { r.sent += try bytes.withUnsafeBytes { try fd.write(UnsafeRawBufferPointer(rebasing: $0[from...])) } } catch let e as Errno where e == .wouldBlock || e == .interrupted {
                return false
            } catch { return true }
        }
        return true
    }

    /// Accepts what is waiting (at most 64 at a time). Another user's peer is answered and closed at once.
    func acceptPending(now: Int64) {
        for _ in 0..<64 {
            let c: FileDescriptor
            do { c = try UnixSocket.accept(listener) } catch let e as Errno {
                if e != .wouldBlock && e != .interrupted { restingUntil = now + 100_000_000 }
                return
            } catch { return }
            restingUntil = .min
            guard let peer = try? UnixSocket.peerCredentials(c), peer.userID == CurrentProcess.effectiveUserID,
                  (try? c.setNonblocking(true)) != nil else {
                try? c.write(all: "error permission denied: the daemon belongs to another user\n")
                try? c.close()
                continue
            }
            if pending.count >= Self.maxPending { try? pending.removeFirst().connection.close() }
            pending.append(PendingRequest(connection: c, deadline: now + Self.requestTimeout))
        }
    }

    /// Reads what `connection` sent; its request line once complete (the connection is then the caller's
    /// to answer and close). A connection that ended, erred or sent too much is closed.
    func readRequest(_ connection: FileDescriptor) -> String? {
        guard let i = pending.firstIndex(where: { $0.connection == connection }) else { return nil }
        var ended = false
        do {
            let chunk = try connection.read(upTo: 4096)
            if chunk.isEmpty { ended = true } else { pending[i].bytes += chunk }
        } catch let e as Errno where e == .wouldBlock || e == .interrupted { return nil } catch { ended = true }
        let bytes = pending[i].bytes
        if let nl = bytes.firstIndex(of: 10) { pending.remove(at: i); return String(decoding: bytes[..<nl], as: UTF8.self) }
        if ended && !bytes.isEmpty { pending.remove(at: i); return String(decoding: bytes, as: UTF8.self) }
        if ended || bytes.count > Self.maxRequestBytes { try? pending.remove(at: i).connection.close() }
        return nil
    }

    /// Closes the connections whose line did not arrive in time.
    func expire(now: Int64) {
        while let first = pending.first, first.deadline <= now { try? pending.removeFirst().connection.close() }
        while let first = replies.first, first.deadline <= now { try? replies.removeFirst().connection.close() }
        if restingUntil <= now { restingUntil = .min }
    }
}

/// The protocol's framing, for the client side.
enum ControlLine {
    /// Reads up to a newline (or end of file, or `limit` bytes) within `timeout` ns; nil on timeout or nothing read.
    static func readLine(_ fd: FileDescriptor, timeout: Int64, limit: Int = 65536) -> String? {
        var bytes: [UInt8] = []
        let deadline = SystemClock.monotonic() + timeout
        while bytes.count < limit {
            let left = deadline - SystemClock.monotonic()
            guard left > 0, let ready = try? Poll.wait([(fd, .readable)], timeout: left), !ready[0].isEmpty else { return nil }
            guard let chunk = try? fd.read(upTo: 1 << 16), !chunk.isEmpty else { break }
            bytes += chunk
            if chunk.contains(10) { break }
        }
        guard !bytes.isEmpty else { return nil }
        let line = bytes.split(separator: 10, maxSplits: 1, omittingEmptySubsequences: false).first ?? []
        return String(decoding: line, as: UTF8.self)
    }
}

/// The daemon refused a request, or did not answer.
public struct ControlError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
