import SchedulerCore
import SystemCalls

/// The file side of the log: `scheduler.log`, rotated by size into `.1` … `.N`. Used by one thread at a
/// time: the caller's (`scheduler run`, tests) or the daemon's log writer thread (LogWriter), which
/// hands it size settings with each batch. Problems go to `complain` (stderr, through its own queue).
final class LogFile: @unchecked Sendable {
    let path: String
    let zone: TimeZoneRules
    var maxBytes: Int
    var files: Int
    /// Where a report of a file problem, or output that could not go to the file, is sent.
    var complain: @Sendable ([UInt8]) -> Void = { try? FileDescriptor.standardError.write(all: $0) }
    private var fd: FileDescriptor?
    private var size = 0
    private var lastError: (at: Int64, message: String)?
    var errorInterval: Int64 = 300
    private(set) var errorCount = 0
    /// The second of the last check that the open log file still has a name (deleted log or logs/ dir).
    private var linkCheckedAt: Int64 = .min
    private(set) var reopenCount = 0

    init(path: String, maxBytes: Int, files: Int, zone: TimeZoneRules) {
        self.path = path; self.maxBytes = max(maxBytes, 4096); self.files = max(files, 0); self.zone = zone
    }
    deinit { try? fd?.close() }

    /// Appends formatted bytes; rotates first when the file would grow too big. `copyOnFailure`: while
    /// the file can't be written, the bytes go to `complain` (stderr), so job output is not lost.
    func write(_ bytes: [UInt8], now: Int64, copyOnFailure: Bool) {
        do {
            reopenIfDeleted(now: now)
            let fd = try openFile()
            if size > 0, size + bytes.count > maxBytes { try rotate(); return write(bytes, now: now, copyOnFailure: copyOnFailure) }
            try fd.write(all: bytes)
            size += bytes.count
        } catch {
            report(error, now: now)
            if copyOnFailure { complain(bytes) }
        }
    }

    private func openFile() throws -> FileDescriptor {
        if let fd { return fd }
        try StateDirectories.ensure(FileSystem.parentDirectory(of: path))
        let new = try FileDescriptor.open(path, .writeOnly, options: [.create, .append, .noFollow], permissions: 0o600)
        do { try StateDirectories.checkOwner(new, path: path) } catch { try? new.close(); throw error }
        size = Int(try new.status().size)
        fd = new
        return new
    }

    /// scheduler.log → .1 → .2 … ; the oldest beyond `files` is removed. Renames go through a descriptor of
    /// the verified log directory (renameat), so a `logs` swapped for a symlink can't redirect them.
    func rotate() throws {
        try? fd?.close(); fd = nil; size = 0
        let dir = try StateDirectories.open(FileSystem.parentDirectory(of: path))
        defer { try? dir.close() }
        let name = FileSystem.baseName(of: path)
        if files == 0 { try dir.unlink(name); return }
        _ = try? dir.unlink("\(name).\(files)")
        for i in stride(from: files - 1, through: 1, by: -1) where (try? dir.status(of: "\(name).\(i)")) != nil {
            try dir.rename("\(name).\(i)", to: "\(name).\(i + 1)")
        }
        try dir.rename(name, to: "\(name).1")
    }

    /// Once a second: when the open file has no name left (st_nlink == 0: the file or the whole logs/
    /// directory was removed), writing on would vanish unseen; reopen (recreating the directory) and say so.
    private func reopenIfDeleted(now: Int64) {
        guard let open = fd, now != linkCheckedAt else { return }
        linkCheckedAt = now
        guard let st = try? open.status(), st.linkCount == 0 else { return }
        try? open.close(); fd = nil; size = 0
        reopenCount += 1
        let text = line(now, "The log file \(path) was deleted (or its directory); reopened it")
        complain(text)
        if let new = try? openFile() { try? new.write(all: text); size += text.count }
    }

    private func report(_ error: Error, now: Int64) {
        errorCount += 1
        try? fd?.close(); fd = nil  // reopen next time (the disk may have room again)
        let message = "\(error)"
        if let last = lastError, last.message == message, now - last.at < errorInterval { return }
        lastError = (now, message)
        complain(line(now, "Can't write the log file \(path): \(message) (jobs keep running; next report in \(errorInterval / 60) min if it persists)"))
    }

    func line(_ now: Int64, _ message: String) -> [UInt8] {
        Array((LogFormat.line(LogLine(time: Instant(seconds: now), dyno: "scheduler", message: message), zone: zone) + "\n").utf8)
    }
}
