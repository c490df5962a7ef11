#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileSystem {
    /// Replaces `path` with `bytes` so readers see the old or the new content, never a mix:
    /// temp file in the same directory (O_EXCL|O_NOFOLLOW), `fsync`, `rename` over `path`, `fsync` the directory.
    /// The new file keeps the old file's permission bits; a new file gets `permissions` exactly.
    /// A symlink at `path` is replaced by a regular file (rename acts on the link).
    public static func writeFileAtomically(_ path: String, _ bytes: [UInt8], permissions: mode_t = 0o644) throws {
        let directory = parentDirectory(of: path)
        let mode = try statIfExists(path).map(\.permissions) ?? permissions
        let temp = "\(directory)/.\(baseName(of: path)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = try FileDescriptor.open(temp, .writeOnly, options: [.create, .exclusiveCreate, .noFollow], permissions: 0o600)
        do {
            try fd.closeAfter {
                try fd.write(all: bytes)
                try fd.changeMode(to: mode)
                try fd.sync()
            }
            try rename(temp, to: path)
        } catch {
            _ = system_unlink(temp)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Reads a regular file of at most `maxBytes`: opened with O_NONBLOCK (a FIFO can't block the open),
    /// checked with `fstat` on the open descriptor (a FIFO, device or directory is refused with EINVAL,
    /// a larger file with EFBIG), then read to its end or `maxBytes` + 1. Never hangs on /dev/zero or a pipe.
    public static func readRegularFile(_ path: String, maxBytes: Int, noFollow: Bool = false) throws -> [UInt8] {
        let fd = try FileDescriptor.open(path, .readOnly, options: noFollow ? [.nonblocking, .noFollow] : [.nonblocking])
        return try fd.closeAfter {
            let st = try fd.status()
            guard st.isRegularFile else { throw Errno(EINVAL, call: "read \(path) (not a regular file)") }
            guard st.size <= Int64(maxBytes) else { throw Errno(EFBIG, call: "read \(path) (over \(maxBytes) bytes)") }
            var bytes: [UInt8] = []
            while bytes.count <= maxBytes {
                let chunk = try fd.read(upTo: min(65536, maxBytes + 1 - bytes.count))
                if chunk.isEmpty { break }
                bytes += chunk
            }
            guard bytes.count <= maxBytes else { throw Errno(EFBIG, call: "read \(path) (over \(maxBytes) bytes)") }
            return bytes
        }
    }

    /// `fsync(2)` on a directory: makes a rename or create in it durable.
    public static func syncDirectory(_ path: String) throws {
        let fd = try FileDescriptor.open(path, .readOnly, options: [.directory])
        try fd.closeAfter { try fd.sync() }
    }

    /// `mkdtemp(3)` under `$TMPDIR` (or /tmp); returns the real path (mode 0700).
    public static func makeTemporaryDirectory(prefix: String = "scheduler") throws -> String {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix).XXXXXX".utf8CString)
        let ok = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        if !ok { throw Errno(errno, call: "mkdtemp \(base)") }
        return try realPath(String(cString: template))
    }

    /// `rm -rf` without following symlinks (`lstat`, `unlink`, `rmdir`). A missing path is not an error.
    public static func removeTree(_ path: String) throws {
        let status: FileStatus
        do { status = try lstat(path) } catch let e as Errno where e.code == ENOENT { return }
        if status.isDirectory {
            for name in try listDirectory(path) { try removeTree("\(path)/\(name)") }
            try removeDirectory(path)
        } else {
            try unlink(path)
        }
    }
}
