#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// Who is on the other end of a connected AF_UNIX socket.
public struct PeerCredentials: Equatable, Sendable {
    public var pid: pid_t
    public var userID: uid_t
    public var groupID: gid_t
}

/// AF_UNIX sockets on a path: the daemon's control socket and the systemd notify protocol.
/// Every socket is close-on-exec. A path starting with "@" names a Linux abstract socket.
public enum UnixSocket {
    /// `socket(2)` + `bind(2)` + `listen(2)` for SOCK_STREAM. With `removingStaleSocket`, a socket
    /// file nobody listens on (a crashed daemon's) is unlinked and bind retried; if someone does
    /// listen, EADDRINUSE is thrown.
    public static func listen(at path: String, backlog: Int32 = 16, removingStaleSocket: Bool = true) throws -> FileDescriptor {
        let fd = try makeSocket(stream: true)
        do {
            do {
                try bind(fd, path)
            } catch let e as Errno where e.code == EADDRINUSE && removingStaleSocket && !path.hasPrefix("@") {
                if let live = try? connect(to: path) { try? live.close(); throw e }
                try FileSystem.unlink(path)
                try bind(fd, path)
            }
            try nothingOrErrno("listen \(path)") { system_listen(fd.rawValue, backlog) }
            return fd
        } catch {
            try? fd.close()
            throw error
        }
    }

    /// `accept4(2)` with SOCK_CLOEXEC: the next connection on `listener`.
    public static func accept(_ listener: FileDescriptor) throws -> FileDescriptor {
        FileDescriptor(rawValue: try valueOrErrno("accept") { csystem_accept_cloexec(listener.rawValue) })
    }

    /// `socket(2)` + `connect(2)` to a listening SOCK_STREAM socket.
    public static func connect(to path: String) throws -> FileDescriptor {
        let fd = try makeSocket(stream: true)
        do {
            try withAddress(path) { address, length in
                try nothingOrErrno("connect \(path)") { system_connect(fd.rawValue, address, length) }
            }
            return fd
        } catch {
            try? fd.close()
            throw error
        }
    }

    /// `getsockopt(SO_PEERCRED)` (`getpeereid` on macOS, where pid may be 0): the peer's pid, uid, gid.
    public static func peerCredentials(_ fd: FileDescriptor) throws -> PeerCredentials {
        var pid: pid_t = 0, uid: uid_t = 0, gid: gid_t = 0
        try nothingOrErrno("getsockopt(SO_PEERCRED)") { csystem_peer_credentials(fd.rawValue, &pid, &uid, &gid) }
        return PeerCredentials(pid: pid, userID: uid, groupID: gid)
    }

    /// A SOCK_DGRAM socket bound to `path` (for receiving datagrams; tests of the notify protocol).
    public static func bindDatagram(at path: String) throws -> FileDescriptor {
        let fd = try makeSocket(stream: false)
        do { try bind(fd, path) } catch { try? fd.close(); throw error }
        return fd
    }

    /// `sendto(2)`: one datagram to the SOCK_DGRAM socket at `path` from a fresh unbound socket.
    public static func sendDatagram(_ bytes: [UInt8], to path: String) throws {
        let fd = try makeSocket(stream: false)
        try fd.closeAfter {
            try withAddress(path) { address, length in
                _ = try bytes.withUnsafeBytes { buffer in
                    try valueOrErrno("sendto \(path)") {
                        sendto(fd.rawValue, buffer.baseAddress, buffer.count, 0, address, length)
                    }
                }
            }
        }
    }

    /// The systemd notify protocol (`sd_notify`): sends `state` (e.g. "READY=1", "STOPPING=1",
    /// "STATUS=…") to $NOTIFY_SOCKET. Returns false when NOTIFY_SOCKET is unset (not under systemd).
    @discardableResult
    public static func notifySystemd(_ state: String, socket: String? = CurrentProcess.environmentValue("NOTIFY_SOCKET")) throws -> Bool {
        guard let socket, !socket.isEmpty else { return false }
        try sendDatagram(Array(state.utf8), to: socket)
        return true
    }

    static func makeSocket(stream: Bool) throws -> FileDescriptor {
        #if os(Linux)
        let type = Int32((stream ? SOCK_STREAM : SOCK_DGRAM).rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        return FileDescriptor(rawValue: try valueOrErrno("socket") { socket(AF_UNIX, type, 0) })
        #else
        let fd = FileDescriptor(rawValue: try valueOrErrno("socket") { socket(AF_UNIX, stream ? SOCK_STREAM : SOCK_DGRAM, 0) })
        try fd.setCloseOnExec(true)
        return fd
        #endif
    }

    static func bind(_ fd: FileDescriptor, _ path: String) throws {
        try withAddress(path) { address, length in
            try nothingOrErrno("bind \(path)") { system_bind(fd.rawValue, address, length) }
        }
    }

    /// Builds a `sockaddr_un` for `path`; "@name" becomes an abstract address (leading NUL, no terminator).
    static func withAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) throws -> R {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let abstract = path.hasPrefix("@")
        var bytes = Array(path.utf8)
        if abstract { bytes[0] = 0 } else { bytes.append(0) }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !path.isEmpty, bytes.count <= capacity else { throw Errno(ENAMETOOLONG, call: "socket address \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count)
        #if canImport(Darwin)
        address.sun_len = UInt8(length)
        #endif
        return try withUnsafePointer(to: &address) {
            try $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, length) }
        }
    }
}

// Unshadowed names for calls that `UnixSocket` members hide.
internal func system_listen(_ fd: Int32, _ backlog: Int32) -> Int32 { listen(fd, backlog) }
internal func system_bind(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ n: socklen_t) -> Int32 { bind(fd, a, n) }
internal func system_connect(_ fd: Int32, _ a: UnsafePointer<sockaddr>, _ n: socklen_t) -> Int32 { connect(fd, a, n) }
