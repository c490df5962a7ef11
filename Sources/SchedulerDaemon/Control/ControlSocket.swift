import SchedulerCore
import SystemCalls

/// The daemon's control socket: `RUNTIME/daemon-HASH.sock` (directory 0700, socket 0600), one request
/// per connection. The client sends one line, `VERB [ARGUMENT]`; the daemon answers one line, `ok [TEXT]`
/// or `error TEXT`, and closes. A peer whose uid (SO_PEERCRED) is not the daemon's gets `error` at once.
/// Verbs: `ping` → `ok PID`; `reload` → `ok`; `trigger JOB` → `ok started JOB.N` / `ok queued JOB.N`;
/// `number JOB` → `ok N` (reserves a run number for `scheduler run`); `pending` → retries and queued runs,
/// `jobs` → the running config's jobs (`ControlViews`).
public final class ControlServer {
    public let path: String
    public let listener: FileDescriptor

    /// Listens at the socket for `config` (its canonical path); replaces a stale socket of a dead daemon.
    public init(paths: StatePaths, config: String) throws {
        path = paths.controlSocket(config: StatePaths.canonicalConfig(config))
        try StateDirectories.ensure(paths.runtime)
        listener = try UnixSocket.listen(at: path, removingStaleSocket: true)
        try FileSystem.changeMode(path, to: 0o600)
        try listener.setNonblocking(true)
    }

    /// Stops listening and removes the socket file.
    public func close() {
        try? listener.close()
        try? FileSystem.unlink(path)
    }

    /// Accepts one pending connection and reads its request line (waits at most 1 s for it).
    func nextRequest() -> (connection: FileDescriptor, line: String)? {
        guard let c = try? UnixSocket.accept(listener) else { return nil }
        guard let peer = try? UnixSocket.peerCredentials(c), peer.userID == CurrentProcess.effectiveUserID else {
            try? c.write(all: "error permission denied: the daemon belongs to another user\n")
            try? c.close()
            return nil
        }
        guard let line = ControlLine.readLine(c, timeout: 1_000_000_000) else { try? c.close(); return nil }
        return (c, line)
    }
}

/// The protocol's framing, for both sides.
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
