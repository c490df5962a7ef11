#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// An open file descriptor. A plain value: closing is explicit (`close()` or `closeAfter`).
public struct FileDescriptor: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)
    public var description: String { "fd \(rawValue)" }

    /// How a file is opened for reading and writing.
    public enum AccessMode: Sendable {
        case readOnly, writeOnly, readWrite
        var flags: Int32 { self == .readOnly ? O_RDONLY : self == .writeOnly ? O_WRONLY : O_RDWR }
    }

    /// `open(2)` flags. O_CLOEXEC is always added: descriptors never leak into spawned jobs.
    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let create = OpenOptions(rawValue: O_CREAT)
        public static let exclusiveCreate = OpenOptions(rawValue: O_EXCL)
        public static let truncate = OpenOptions(rawValue: O_TRUNC)
        public static let append = OpenOptions(rawValue: O_APPEND)
        /// Fail with ELOOP if the last component is a symlink (files we create in shared dirs).
        public static let noFollow = OpenOptions(rawValue: O_NOFOLLOW)
        public static let directory = OpenOptions(rawValue: O_DIRECTORY)
        public static let nonblocking = OpenOptions(rawValue: O_NONBLOCK)
    }

    /// `open(2)` with O_CLOEXEC. `permissions` applies when `.create` makes the file (umask still applies).
    public static func open(
        _ path: String, _ mode: AccessMode, options: OpenOptions = [], permissions: mode_t = 0o644
    ) throws -> FileDescriptor {
        let flags = mode.flags | options.rawValue | O_CLOEXEC
        let fd = try valueOrErrno("open \(path)") { system_open(path, flags, permissions) }
        return FileDescriptor(rawValue: fd)
    }

    /// `pipe2(2)` with O_CLOEXEC (and O_NONBLOCK on both ends if asked).
    public static func pipe(nonblocking: Bool = false) throws -> (read: FileDescriptor, write: FileDescriptor) {
        var fds: [Int32] = [-1, -1]
        let flags = O_CLOEXEC | (nonblocking ? O_NONBLOCK : 0)
        try nothingOrErrno("pipe2") { csystem_pipe2(&fds, flags) }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// `close(2)`. Not retried on EINTR: on Linux the descriptor is gone either way.
    public func close() throws {
        try nothingOrErrno("close", retryOnInterrupt: false) { system_close(rawValue) }
    }

    /// Runs `body`, then closes the descriptor (even if `body` throws); close errors are ignored.
    public func closeAfter<R>(_ body: () throws -> R) rethrows -> R {
        defer { _ = system_close(rawValue) }
        return try body()
    }

    /// `read(2)` into `buffer`; returns the byte count, 0 at end of file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try valueOrErrno("read") { system_read(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// `read(2)` of at most `count` bytes; empty at end of file.
    public func read(upTo count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let n = try bytes.withUnsafeMutableBytes { try read(into: $0) }
        bytes.removeLast(count - n)
        return bytes
    }

    /// `read(2)` until end of file.
    public func readAll() throws -> [UInt8] {
        var result: [UInt8] = []
        while true {
            let chunk = try read(upTo: 65536)
            if chunk.isEmpty { return result }
            result += chunk
        }
    }

    /// `write(2)` once; returns the byte count written (may be short).
    public func write(_ buffer: UnsafeRawBufferPointer) throws -> Int {
        try valueOrErrno("write") { system_write(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// `write(2)` in a loop until every byte is written (pipes and sockets take partial writes).
    public func write(all bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                offset += try write(UnsafeRawBufferPointer(rebasing: buffer[offset...]))
            }
        }
    }

    /// `write(2)` of a string's UTF-8 bytes, looping on partial writes.
    public func write(all string: String) throws { try write(all: Array(string.utf8)) }
}
