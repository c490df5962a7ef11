#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path-based file system calls. Every function names the C call it wraps; errors name the path.
public enum FileSystem {
    /// `mkdir(2)`: the umask still narrows `permissions` (use `changeMode` or `makeDirectories` for exact bits).
    public static func makeDirectory(_ path: String, permissions: mode_t = 0o755) throws {
        try nothingOrErrno("mkdir \(path)") { mkdir(path, permissions) }
    }

    /// `mkdir -p`: creates missing parents; every directory it creates gets exactly `permissions`
    /// (chmod after mkdir, so the umask cannot widen or narrow it). Existing directories are left alone.
    public static func makeDirectories(_ path: String, permissions: mode_t = 0o755) throws {
        if let s = try statIfExists(path) {
            if s.isDirectory { return }
            throw Errno(ENOTDIR, call: "mkdir \(path)")
        }
        let parent = parentDirectory(of: path)
        if parent != path { try makeDirectories(parent, permissions: permissions) }
        do {
            try makeDirectory(path, permissions: permissions)
        } catch let e as Errno where e.code == EEXIST {
            return  // created concurrently: fine if it is a directory, mkdir -p semantics
        }
        try changeMode(path, to: permissions)
    }

    /// `rename(2)`: atomically replaces `destination` when both are on one file system.
    public static func rename(_ source: String, to destination: String) throws {
        try nothingOrErrno("rename \(source) -> \(destination)") { system_rename(source, destination) }
    }

    /// `unlink(2)`: removes a file or symbolic link.
    public static func unlink(_ path: String) throws {
        try nothingOrErrno("unlink \(path)") { system_unlink(path) }
    }

    /// `rmdir(2)`: removes an empty directory.
    public static func removeDirectory(_ path: String) throws {
        try nothingOrErrno("rmdir \(path)") { rmdir(path) }
    }

    /// `symlink(2)`: creates `path` pointing at `target`.
    public static func makeSymbolicLink(_ path: String, to target: String) throws {
        try nothingOrErrno("symlink \(path)") { symlink(target, path) }
    }

    /// `readlink(2)`: the target of a symbolic link.
    public static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = try valueOrErrno("readlink \(path)") { readlink(path, &buffer, buffer.count - 1) }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `realpath(3)`: absolute path with symlinks, `.` and `..` resolved.
    public static func realPath(_ path: String) throws -> String {
        guard let p = realpath(path, nil) else { throw Errno(errno, call: "realpath \(path)") }
        defer { free(p) }
        return String(cString: p)
    }

    /// `chmod(2)`: set permission bits exactly.
    public static func changeMode(_ path: String, to permissions: mode_t) throws {
        try nothingOrErrno("chmod \(path)") { chmod(path, permissions) }
    }

    /// `opendir(3)`/`readdir(3)`: entry names, without `.` and `..`, sorted.
    public static func listDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw Errno(errno, call: "opendir \(path)") }
        defer { closedir(dir) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 { throw Errno(errno, call: "readdir \(path)") }
                return names.sorted()
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }

    /// Reads a whole file (`open(2)` + `read(2)` until end of file).
    public static func readFile(_ path: String) throws -> [UInt8] {
        let fd = try FileDescriptor.open(path, .readOnly)
        return try fd.closeAfter { try fd.readAll() }
    }

    /// `statvfs(3)`: free bytes available to unprivileged users on the file system holding `path`.
    public static func availableBytes(_ path: String) throws -> Int64 {
        var s = statvfs()
        try nothingOrErrno("statvfs \(path)") { statvfs(path, &s) }
        return Int64(s.f_bavail) * Int64(s.f_frsize)
    }

    /// The directory part of `path` ("/a/b" → "/a", "b" → ".", "/" → "/").
    public static func parentDirectory(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        let parent = p[..<slash]
        return parent.isEmpty ? "/" : String(parent)
    }

    /// The last component of `path` ("/a/b/" → "b").
    public static func baseName(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return String(p) }
        return p == "/" ? "/" : String(p[p.index(after: slash)...])
    }
}
