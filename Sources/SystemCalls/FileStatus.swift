#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat(2)` says about a file.
public struct FileStatus: Equatable, Sendable {
    /// The kind of file, from the S_IFMT bits.
    public enum Kind: Sendable { case regular, directory, symbolicLink, fifo, socket, characterDevice, blockDevice, unknown }

    /// Full `st_mode` (type and permission bits).
    public var mode: mode_t
    public var userID: uid_t
    public var groupID: gid_t
    public var size: Int64
    /// Last modification, nanoseconds since the Unix epoch.
    public var modificationTime: Int64
    public var inode: UInt64
    public var device: UInt64
    public var linkCount: UInt64

    /// Permission bits only (`mode & 0o7777`).
    public var permissions: mode_t { mode & 0o7777 }
    public var kind: Kind {
        switch mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFDIR: .directory
        case S_IFLNK: .symbolicLink
        case S_IFIFO: .fifo
        case S_IFSOCK: .socket
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        default: .unknown
        }
    }
    public var isDirectory: Bool { kind == .directory }
    public var isRegularFile: Bool { kind == .regular }

    /// A status made by hand (fakes in tests): a file of `kind` with these permission bits and owner.
    public init(kind: Kind = .regular, permissions: mode_t, userID: uid_t, groupID: gid_t = 0, size: Int64 = 0) {
        let type: [Kind: mode_t] = [.regular: S_IFREG, .directory: S_IFDIR, .symbolicLink: S_IFLNK, .fifo: S_IFIFO,
                                    .socket: S_IFSOCK, .characterDevice: S_IFCHR, .blockDevice: S_IFBLK]
        mode = (type[kind] ?? 0) | (permissions & 0o7777)
        self.userID = userID; self.groupID = groupID; self.size = size
        modificationTime = 0; inode = 0; device = 0; linkCount = 1
    }

    init(_ s: stat) {
        mode = s.st_mode
        userID = s.st_uid
        groupID = s.st_gid
        size = Int64(s.st_size)
        inode = UInt64(truncatingIfNeeded: s.st_ino)
        device = UInt64(truncatingIfNeeded: s.st_dev)  // Int32 on macOS, UInt64 on Linux
        linkCount = UInt64(truncatingIfNeeded: s.st_nlink)
        #if canImport(Darwin)
        modificationTime = nanoseconds(s.st_mtimespec)
        #else
        modificationTime = nanoseconds(s.st_mtim)
        #endif
    }
}

extension FileSystem {
    /// `stat(2)`: follows symbolic links.
    public static func stat(_ path: String) throws -> FileStatus {
        var s = CStat()
        try nothingOrErrno("stat \(path)") { system_stat(path, &s) }
        return FileStatus(s)
    }

    /// `lstat(2)`: describes a symbolic link itself.
    public static func lstat(_ path: String) throws -> FileStatus {
        var s = CStat()
        try nothingOrErrno("lstat \(path)") { system_lstat(path, &s) }
        return FileStatus(s)
    }

    /// `stat(2)`, or nil when the path does not exist (ENOENT/ENOTDIR); other errors throw.
    public static func statIfExists(_ path: String) throws -> FileStatus? {
        do { return try stat(path) } catch let e as Errno where e.code == ENOENT || e.code == ENOTDIR { return nil }
    }

    /// Whether `path` exists (following symlinks).
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}

/// The C `struct stat`, named so it does not clash with `FileSystem.stat`.
internal typealias CStat = stat
internal func system_stat(_ path: String, _ s: inout stat) -> Int32 { stat(path, &s) }
internal func system_lstat(_ path: String, _ s: inout stat) -> Int32 { lstat(path, &s) }
