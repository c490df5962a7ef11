#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// One address `getaddrinfo` returned (IPv4 or IPv6), kept as raw `sockaddr` bytes.
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    public let family: Int32
    let bytes: [UInt8]

    /// "127.0.0.1:5432" or "[::1]:5432" (`inet_ntop`).
    public var description: String {
        bytes.withUnsafeBytes { raw -> String in
            var text = [CChar](repeating: 0, count: 64)
            if family == AF_INET6 {
                var a = raw.loadUnaligned(as: sockaddr_in6.self)
                inet_ntop(AF_INET6, &a.sin6_addr, &text, 64)
                return "[\(String(cString: text))]:\(UInt16(bigEndian: a.sin6_port))"
            }
            var a = raw.loadUnaligned(as: sockaddr_in.self)
            inet_ntop(AF_INET, &a.sin_addr, &text, 64)
            return "\(String(cString: text)):\(UInt16(bigEndian: a.sin_port))"
        }
    }
}

/// A failed `getaddrinfo`: its `gai_strerror` text, or a timeout.
public struct NameResolutionError: Error, Sendable, CustomStringConvertible {
    public var host: String
    public var reason: String
    public var description: String { "could not resolve host \"\(host)\": \(reason)" }
}

/// Host name resolution as the system does it (`getaddrinfo`: /etc/hosts, DNS, nsswitch).
public enum NameResolution {
    /// `getaddrinfo(3)` for a TCP `host`/`port`, on a thread of its own so a hung resolver can't hold the
    /// caller longer than `timeout` nanoseconds (the thread finishes on its own and frees its result).
    /// An IP address literal is converted inline (no thread: getaddrinfo does not consult DNS for it).
    public static func resolve(host: String, port: UInt16, timeout: Int64) throws -> [SocketAddress] {
        let job = Lookup(host: host, port: port)
        if isAddressLiteral(host) {
            job.run()
            if let error = job.error { throw NameResolutionError(host: host, reason: error) }
            return job.addresses
        }
        let (readEnd, writeEnd) = try FileDescriptor.pipe()
        // The lookup thread closes the write end when done: the read end then reports end of file.
        let started = Threads.tryDetach { job.run(); _ = system_close(writeEnd.rawValue) }
        defer { _ = system_close(readEnd.rawValue) }
        if !started { _ = system_close(writeEnd.rawValue); job.run() }
        let events = try Poll.wait([(readEnd, .readable)], timeout: timeout)
        guard !events[0].isEmpty else {
            throw NameResolutionError(host: host, reason: "timed out after \(timeout / 1_000_000) ms")
        }
        if let error = job.error { throw NameResolutionError(host: host, reason: error) }
        return job.addresses
    }

    /// `inet_pton(3)` for AF_INET or AF_INET6 succeeds.
    static func isAddressLiteral(_ host: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, host, &buffer) == 1 || inet_pton(AF_INET6, host, &buffer) == 1
    }

    private final class Lookup: @unchecked Sendable {
        let host: String, port: UInt16
        var addresses: [SocketAddress] = []
        var error: String?
        init(host: String, port: UInt16) { self.host = host; self.port = port }

        func run() {
            var list: UnsafeMutablePointer<addrinfo>?
            let code = csystem_getaddrinfo_stream(host, String(port), &list)
            guard code == 0 else {
                error = code == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(code))
                return
            }
            defer { freeaddrinfo(list) }
            var node = list
            while let info = node {
                let entry = info.pointee
                if let address = entry.ai_addr, entry.ai_family == AF_INET || entry.ai_family == AF_INET6 {
                    let raw = UnsafeRawBufferPointer(start: address, count: Int(entry.ai_addrlen))
                    addresses.append(SocketAddress(family: entry.ai_family, bytes: Array(raw)))
                }
                node = entry.ai_next
            }
            if addresses.isEmpty { error = "no IPv4 or IPv6 address" }
        }
    }
}

/// Non-blocking stream sockets (TCP and Unix) with deadlines, for network clients.
public enum NetworkSocket {
    /// `socket(2)` (non-blocking, close-on-exec) + `connect(2)` + `poll(2)` until connected or the
    /// monotonic `deadline`; ETIMEDOUT when it passes. TCP sockets get TCP_NODELAY and SO_KEEPALIVE.
    public static func connect(to address: SocketAddress, deadline: Int64) throws -> FileDescriptor {
        let type = Int32(SOCK_STREAM.rawValue)
        let fd = FileDescriptor(rawValue: try valueOrErrno("socket") { csystem_socket_cloexec_nonblock(address.family, type) })
        do {
            try address.bytes.withUnsafeBytes { raw in
                try finishConnect(fd, "connect \(address)", deadline) {
                    system_connect(fd.rawValue, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
                }
            }
            try nothingOrErrno("setsockopt(TCP_NODELAY)") { csystem_set_tcp_nodelay(fd.rawValue) }
            try nothingOrErrno("setsockopt(SO_KEEPALIVE)") { csystem_set_keepalive(fd.rawValue) }
            return fd
        } catch {
            _ = system_close(fd.rawValue)
            throw error
        }
    }

    /// Like `connect(to:deadline:)` for the AF_UNIX socket at `path`.
    public static func connect(unixPath path: String, deadline: Int64) throws -> FileDescriptor {
        let fd = FileDescriptor(rawValue: try valueOrErrno("socket") { csystem_socket_cloexec_nonblock(AF_UNIX, Int32(SOCK_STREAM.rawValue)) })
        do {
            try UnixSocket.withAddress(path) { address, length in
                try finishConnect(fd, "connect \(path)", deadline) { system_connect(fd.rawValue, address, length) }
            }
            return fd
        } catch {
            _ = system_close(fd.rawValue)
            throw error
        }
    }

    /// Starts `connect` and, when it is in progress, polls for writability, then reads SO_ERROR.
    private static func finishConnect(_ fd: FileDescriptor, _ call: String, _ deadline: Int64, _ start: () -> Int32) throws {
        if start() == 0 { return }
        guard errno == EINPROGRESS || errno == EINTR || errno == EAGAIN else { throw Errno(errno, call: call) }
        let events = try Poll.wait([(fd, .writable)], timeout: deadline - SystemClock.monotonic())
        if events[0].isEmpty { throw Errno(ETIMEDOUT, call: call) }
        let pending = try valueOrErrno("getsockopt(SO_ERROR)") { csystem_socket_error(fd.rawValue) }
        if pending != 0 { throw Errno(pending, call: call) }
    }
}

extension FileDescriptor {
    /// `send(2)` with MSG_NOSIGNAL on a non-blocking socket: bytes sent, or nil when it would block.
    public func send(_ buffer: UnsafeRawBufferPointer) throws -> Int? {
        do {
            return try valueOrErrno("send") { csystem_send_nosignal(rawValue, buffer.baseAddress, buffer.count) }
        } catch let e as Errno where e.code == EAGAIN || e.code == EWOULDBLOCK {
            return nil
        }
    }

    /// `read(2)` on a non-blocking descriptor: bytes read (0 at end of stream), or nil when it would block.
    public func receive(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        do {
            return try read(into: buffer)
        } catch let e as Errno where e.code == EAGAIN || e.code == EWOULDBLOCK {
            return nil
        }
    }
}
