import SchedulerCore
import SystemCalls

/// Writes log lines to `scheduler.log` (rotated by size into `.1` … `.N`) and to stderr (journald under systemd).
/// An unwritable or full log directory is reported on stderr (at most every `errorInterval`) and never stops jobs.
public final class LogWriter {
    public let path: String
    public var maxBytes: Int
    public var files: Int
    public var toStderr: Bool
    /// Job output lines go to stderr too (scheduler lines always do when `toStderr`).
    public var outputToStderr = true
    let zone: TimeZoneRules
    private var fd: FileDescriptor?
    private var size = 0
    private var stampSecond: Int64 = .min
    private var stamp: [UInt8] = []
    private var lastError: (at: Int64, message: String)?
    /// Seconds between repeated reports of the same file error.
    public var errorInterval: Int64 = 300
    /// File errors seen (reported or not), for tests and status.
    public private(set) var errorCount = 0
    /// The second of the last check that the open log file still has a name (deleted log or logs/ dir).
    private var linkCheckedAt: Int64 = .min
    /// Times the log file was found deleted and reopened.
    public private(set) var reopenCount = 0

    public init(path: String, maxBytes: Int, files: Int, zone: TimeZoneRules, toStderr: Bool = true) {
        self.path = path; self.maxBytes = max(maxBytes, 4096); self.files = max(files, 0); self.zone = zone; self.toStderr = toStderr
    }
    deinit { try? fd?.close() }

    public func write(_ line: LogLine) { write([line]) }

    /// Formats and writes lines in one batch (one write per destination).
    public func write(_ lines: [LogLine]) {
        guard !lines.isEmpty else { return }
        // Bytes, not String appends: at a million lines a second the String machinery dominated.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.count * 64 + lines.reduce(0) { $0 + $1.message.utf8.count })
        for l in lines {
            bytes += stampBytes(l.time)
            bytes += l.source.rawValue.utf8; bytes.append(0x5B)  // [
            bytes += l.dyno.utf8; bytes += [0x5D, 0x3A, 0x20]     // ]:
            bytes += l.message.utf8; bytes.append(0x0A)
        }
        writeBytes(bytes, now: lines[lines.count - 1].time.seconds)
    }

    /// `2026-11-28T17:33:29.123456+09:00 ` for `time`: formatting the time is costly, so the second once, then
    /// only the microseconds per line.
    func stampBytes(_ time: Instant) -> [UInt8] {
        if time.seconds != stampSecond { stampSecond = time.seconds; stamp = Array((TimeFormat.rfc3339(time, zone: zone) + " ").utf8) }
        return TimeFormat.withMicroseconds(stamp, time)
    }

    /// Writes formatted log bytes (one write per destination); rotates first when the file would grow too big.
    /// `output`: job output lines, copied to stderr only when `outputToStderr`.
    /// While the log file can't be written, job output goes to stderr anyway, so it is not lost.
    func writeBytes(_ bytes: [UInt8], now: Int64, output: Bool = false) {
        let copied = toStderr && (!output || outputToStderr)
        if copied { try? FileDescriptor.standardError.write(all: bytes) }
        do {
            reopenIfDeleted(now: now)
            let fd = try openFile()
            if size > 0, size + bytes.count > maxBytes { try rotate(); return writeBytes(bytes, now: now, output: output) }
            try fd.write(all: bytes)
            size += bytes.count
        } catch {
            report(error, now: now)
            if toStderr, !copied { try? FileDescriptor.standardError.write(all: bytes) }
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
        let line = LogLine(time: Instant(seconds: now), dyno: "scheduler", message: "The log file \(path) was deleted (or its directory); reopened it")
        let text = Array((LogFormat.line(line, zone: zone) + "\n").utf8)
        if toStderr { try? FileDescriptor.standardError.write(all: text) }
        if let new = try? openFile() { try? new.write(all: text); size += text.count }
    }

    private func report(_ error: Error, now: Int64) {
        errorCount += 1
        try? fd?.close(); fd = nil  // reopen next time (the disk may have room again)
        let message = "\(error)"
        if let last = lastError, last.message == message, now - last.at < errorInterval { return }
        lastError = (now, message)
        let line = LogLine(time: Instant(seconds: now), dyno: "scheduler", message: "Can't write the log file \(path): \(message) (jobs keep running; next report in \(errorInterval / 60) min if it persists)")
        try? FileDescriptor.standardError.write(all: LogFormat.line(line, zone: zone) + "\n")
    }
}
