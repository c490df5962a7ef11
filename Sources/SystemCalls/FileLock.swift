#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock file for overlap prevention, locked with `flock(2)`.
///
/// The lock belongs to the open file description, not the process: pass `descriptor` to the job
/// through `Spawn.Request.inheritedDescriptors` and the job holds the lock until it and every
/// descendant holding the descriptor exit, even after we close our copy (like `flock -n x.lock cmd`).
/// flock cannot say who holds a lock, so `writeOwner` records pid and start time as information.
public struct FileLock: Sendable {
    public let descriptor: FileDescriptor
    public let path: String

    /// Who last took the lock, as written in the file. Informational: the flock is the truth.
    public struct Owner: Equatable, Sendable {
        public var pid: pid_t
        /// Start time, seconds since the Unix epoch.
        public var startedAt: Int64
        /// Free text, e.g. the job name (one line).
        public var note: String
        public init(pid: pid_t, startedAt: Int64, note: String = "") {
            self.pid = pid; self.startedAt = startedAt; self.note = note
        }
    }

    /// Opens the lock file, never following a symbolic link: a new one is created with O_EXCL (mode 0600);
    /// an existing one must be a regular file of ours (else `ForeignFile`), and loses any group/other
    /// permission bits (a readable lock file lets anyone who can reach it flock it and hold our jobs).
    /// Does not lock.
    public init(path: String) throws {
        self.path = path
        descriptor = try FileLock.open(path)
    }

    private static func open(_ path: String) throws -> FileDescriptor {
        for attempt in 1...3 {
            do {
                return try .open(path, .readWrite, options: [.create, .exclusiveCreate, .noFollow], permissions: 0o600)
            } catch let e as Errno where e == .fileExists {}
            do {
                let fd = try FileDescriptor.open(path, .readWrite, options: [.noFollow])
                do { try verify(fd, path: path) } catch { try? fd.close(); throw error }
                return fd
            } catch let e as Errno where e == .noSuchFileOrDirectory && attempt < 3 {}  // removed meanwhile: create it
        }
        throw Errno(ENOENT, call: "open \(path)")
    }

    /// A lock file that is not ours to use: another user's, or not a regular file.
    public struct ForeignFile: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    static func verify(_ fd: FileDescriptor, path: String) throws {
        let st = try fd.status()
        let me = CurrentProcess.effectiveUserID
        guard st.isRegularFile else {
            throw ForeignFile(description: "refusing lock file '\(path)': it is not a regular file\n  hint: move it away (mv '\(path)' '\(path).old')")
        }
        guard st.userID == me else {
            throw ForeignFile(description: "refusing lock file '\(path)': it belongs to user id \(st.userID), not to you (\(me))\n"
                + "  hint: someone else created it, maybe to hold your job's lock: have it removed (as root: rm '\(path)')")
        }
        if st.permissions & 0o077 != 0 { try fd.changeMode(to: 0o600) }
    }

    /// `flock(LOCK_EX|LOCK_NB)`: true if we got the lock, false if someone else holds it.
    public func tryLock() throws -> Bool {
        do {
            try nothingOrErrno("flock \(path)") { system_flock(descriptor.rawValue, LOCK_EX | LOCK_NB) }
            return true
        } catch let e as Errno where e.code == EWOULDBLOCK {
            return false
        }
    }

    /// `flock(LOCK_EX)`: waits for the lock.
    public func lock() throws {
        try nothingOrErrno("flock \(path)") { system_flock(descriptor.rawValue, LOCK_EX) }
    }

    /// `flock(LOCK_UN)`: releases the lock for every descriptor sharing this open file (children too).
    public func unlock() throws {
        try nothingOrErrno("flock \(path)") { system_flock(descriptor.rawValue, LOCK_UN) }
    }

    /// Replaces the file's content with "pid=…\nstarted=…\nnote=…\n" (`ftruncate` + `write`).
    /// Call only while holding the lock.
    public func writeOwner(_ owner: Owner) throws {
        let note = owner.note.split(whereSeparator: \.isNewline).joined(separator: " ")
        try descriptor.truncate(to: 0)
        try descriptor.seek(to: 0)
        try descriptor.write(all: "pid=\(owner.pid)\nstarted=\(owner.startedAt)\nnote=\(note)\n")
    }

    /// Reads the owner recorded in the lock file at `path`; nil if missing or unreadable.
    /// It may be stale: check `tryLock()` (or `Signals.processExists`) before trusting it.
    public static func readOwner(path: String) -> Owner? {
        guard let bytes = try? FileSystem.readFile(path) else { return nil }
        var fields: [Substring: Substring] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[line[..<eq]] = line[line.index(after: eq)...]
        }
        guard let pid = fields["pid"].flatMap({ pid_t($0) }), let started = fields["started"].flatMap({ Int64($0) })
        else { return nil }
        return Owner(pid: pid, startedAt: started, note: String(fields["note"] ?? ""))
    }

    /// Closes our descriptor (the lock stays held while any inherited copy remains open).
    public func close() throws { try descriptor.close() }
}
