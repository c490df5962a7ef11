#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileDescriptor {
    /// `dup2(2)`: makes `target` refer to this file. The copy is inheritable (no FD_CLOEXEC),
    /// which is what redirecting our own stdin/stdout/stderr needs.
    @discardableResult
    public func duplicate(as target: FileDescriptor) throws -> FileDescriptor {
        FileDescriptor(rawValue: try valueOrErrno("dup2") { dup2(rawValue, target.rawValue) })
    }

    /// `fcntl(F_DUPFD_CLOEXEC)`: a new descriptor numbered `minimum` or above, close-on-exec.
    public func duplicate(atLeast minimum: Int32 = 0) throws -> FileDescriptor {
        FileDescriptor(rawValue: try valueOrErrno("fcntl(F_DUPFD_CLOEXEC)") { fcntl(rawValue, F_DUPFD_CLOEXEC, minimum) })
    }

    /// `fsync(2)`: flush the file's data and metadata to disk.
    public func sync() throws { try nothingOrErrno("fsync") { system_fsync(rawValue) } }

    /// `fstat(2)`.
    public func status() throws -> FileStatus {
        var s = stat()
        try nothingOrErrno("fstat") { system_fstat(rawValue, &s) }
        return FileStatus(s)
    }

    /// `fchmod(2)`: set permission bits exactly (no umask).
    public func changeMode(to permissions: mode_t) throws {
        try nothingOrErrno("fchmod") { system_fchmod(rawValue, permissions) }
    }

    /// `ftruncate(2)`.
    public func truncate(to size: Int64) throws {
        try nothingOrErrno("ftruncate") { system_ftruncate(rawValue, off_t(size)) }
    }

    /// `lseek(2)` from the start; returns the new offset.
    @discardableResult
    public func seek(to offset: Int64) throws -> Int64 {
        Int64(try valueOrErrno("lseek") { lseek(rawValue, off_t(offset), SEEK_SET) })
    }

    /// `fcntl(F_SETFL)`: turn O_NONBLOCK on or off.
    public func setNonblocking(_ on: Bool) throws {
        let flags = try valueOrErrno("fcntl(F_GETFL)") { fcntl(rawValue, F_GETFL) }
        let new = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        if new != flags { try nothingOrErrno("fcntl(F_SETFL)") { fcntl(rawValue, F_SETFL, new) } }
    }

    /// `fcntl(F_SETPIPE_SZ)` (Linux): asks for a pipe buffer of `bytes`; returns the size granted.
    /// Unprivileged processes are capped by /proc/sys/fs/pipe-max-size (1 MiB by default).
    /// Elsewhere a no-op returning nil.
    @discardableResult
    public func setPipeSize(_ bytes: Int) throws -> Int? {
        #if os(Linux)
        let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7), not exported without _GNU_SOURCE
        return Int(try valueOrErrno("fcntl(F_SETPIPE_SZ)") { fcntl(rawValue, setPipeSize, Int32(bytes)) })
        #else
        return nil
        #endif
    }

    /// `fcntl(F_SETFD)`: turn FD_CLOEXEC on or off.
    public func setCloseOnExec(_ on: Bool) throws {
        let flags = try valueOrErrno("fcntl(F_GETFD)") { fcntl(rawValue, F_GETFD) }
        let new = on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC
        if new != flags { try nothingOrErrno("fcntl(F_SETFD)") { fcntl(rawValue, F_SETFD, new) } }
    }

    /// `fcntl(F_GETFD)`: whether FD_CLOEXEC is set.
    public func isCloseOnExec() throws -> Bool {
        try valueOrErrno("fcntl(F_GETFD)") { fcntl(rawValue, F_GETFD) } & FD_CLOEXEC != 0
    }

    /// `fcntl(F_GETFL)`: whether O_NONBLOCK is set.
    public func isNonblocking() throws -> Bool {
        try valueOrErrno("fcntl(F_GETFL)") { fcntl(rawValue, F_GETFL) } & O_NONBLOCK != 0
    }

    /// `isatty(3)`: whether this descriptor is a terminal (colour, progress output).
    public var isTerminal: Bool { isatty(rawValue) == 1 }
}
