import SchedulerCore
import SystemCalls

/// The client side: one request, one reply.
public enum ControlClient {
    /// No daemon listens for this config (no socket, or nobody accepts on it).
    public struct NoDaemon: Error, CustomStringConvertible {
        public var socket: String
        public var description: String { "no daemon is running (no one listens on \(socket))" }
    }

    /// Sends `line` and returns the reply without its `ok `; throws `NoDaemon`, or a message for `error …`.
    public static func request(_ line: String, paths: StatePaths, config: String, timeout: Int64 = 10_000_000_000) throws -> String {
        let canonical = StatePaths.canonicalConfig(config)
        let socket = paths.controlSocket(config: canonical)
        // The daemon's runtime dir, else the other one (it moves to STATE/run when $XDG_RUNTIME_DIR goes).
        let sockets = paths.runtimeCandidates.map { paths.withRuntime($0).controlSocket(config: canonical) }
        var connected: FileDescriptor?
        for path in sockets where connected == nil {
            do { connected = try UnixSocket.connect(to: path) } catch let e as Errno where [.noSuchFileOrDirectory, .connectionRefused, .notSocket].contains(e) {}
        }
        guard let c = connected else { throw NoDaemon(socket: socket) }
        return try c.closeAfter {
            try c.write(all: line + "\n")
            // Replies can be long (`jobs` of a 10,000-job config); requests stay short.
            guard let reply = ControlLine.readLine(c, timeout: timeout, limit: 64 << 20) else { throw ControlError(message: "the daemon did not answer") }
            if reply == "ok" { return "" }
            if reply.hasPrefix("ok ") { return String(reply.dropFirst(3)) }
            throw ControlError(message: reply.hasPrefix("error ") ? String(reply.dropFirst(6)) : reply)
        }
    }
}
