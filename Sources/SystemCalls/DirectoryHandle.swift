#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open directory (O_DIRECTORY|O_NOFOLLOW): renames and removals inside it go through the descriptor
/// (`renameat`, `unlinkat`), so swapping the directory's path for a symbolic link after it was checked
/// can't redirect them elsewhere.
public struct DirectoryHandle: Sendable {
    public let descriptor: FileDescriptor
    public let path: String

    /// Opens `path`, which must be a directory and not a symbolic link (ELOOP/ENOTDIR otherwise).
    public static func open(_ path: String) throws -> DirectoryHandle {
        DirectoryHandle(descriptor: try FileDescriptor.open(path, .readOnly, options: [.directory, .noFollow]), path: path)
    }

    /// `fstat(2)` of the open directory.
    public func status() throws -> FileStatus { try descriptor.status() }

    /// `fstatat(2)` of `name` in the directory without following a final symbolic link; nil when missing.
    public func status(of name: String) throws -> FileStatus? {
        var s = stat()
        if fstatat(descriptor.rawValue, name, &s, AT_SYMLINK_NOFOLLOW) == 0 { return FileStatus(s) }
        if errno == ENOENT { return nil }
        throw Errno(errno, call: "fstatat \(path)/\(name)")
    }

    /// `renameat(2)` of `from` to `to`, both names in this directory.
    public func rename(_ from: String, to: String) throws {
        try nothingOrErrno("renameat \(path)/\(from) -> \(to)") { renameat(descriptor.rawValue, from, descriptor.rawValue, to) }
    }

    /// `unlinkat(2)` of `name` (a file or symbolic link) in this directory.
    public func unlink(_ name: String) throws {
        try nothingOrErrno("unlinkat \(path)/\(name)") { unlinkat(descriptor.rawValue, name, 0) }
    }

    /// `fsync(2)` of the directory: makes renames and creations in it durable.
    public func sync() throws { try descriptor.sync() }

    public func close() throws { try descriptor.close() }
}
