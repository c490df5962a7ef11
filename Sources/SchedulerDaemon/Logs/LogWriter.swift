import SchedulerCore
import SystemCalls

/// Writes log lines to `scheduler.log` (LogFile) and to stderr (journald under systemd).
/// An unwritable or full log directory is reported on stderr (at most every `errorInterval`) and never stops jobs.
/// After `startThreads()` (the daemon) neither destination can block the caller: each has a bounded queue
/// and a writer thread; what does not fit is dropped and counted in one "N lines dropped" line (the loop
/// stops reading job output before the file's queue fills: `fileBacklogHigh`).
public final class LogWriter {
    public var path: String { file.path }
    public var maxBytes: Int { didSet { maxBytes = max(maxBytes, 4096) } }
    public var files: Int { didSet { files = max(files, 0) } }
    public var toStderr: Bool
    /// Job output lines go to stderr too (scheduler lines always do when `toStderr`).
    public var outputToStderr = true
    let zone: TimeZoneRules
    let file: LogFile
    private var stampSecond: Int64 = .min
    private var stamp: [UInt8] = []
    /// Bytes waiting for each destination's thread at most (nil: written inline).
    private var fileQueue: WriterQueue<Chunk>?
    private var errorQueue: WriterQueue<[UInt8]>?
    private var dropped = Dropped()
    /// Lines dropped since the start (both destinations), for tests and status.
    public private(set) var droppedLines = 0

    public static let fileQueueBytes = 16 << 20
    public static let stderrQueueBytes = 4 << 20

    /// One batch for the file thread, with the size settings in force when it was written.
    struct Chunk: Sendable { var bytes: [UInt8]; var now: Int64; var copyOnFailure: Bool; var maxBytes: Int; var files: Int }

    public var errorCount: Int { file.errorCount }
    public var reopenCount: Int { file.reopenCount }
    public var errorInterval: Int64 { get { file.errorInterval } set { file.errorInterval = newValue } }

    public init(path: String, maxBytes: Int, files: Int, zone: TimeZoneRules, toStderr: Bool = true) {
        file = LogFile(path: path, maxBytes: maxBytes, files: files, zone: zone)
        self.maxBytes = max(maxBytes, 4096); self.files = max(files, 0); self.zone = zone; self.toStderr = toStderr
    }

    /// From now on writes go through queues and threads (the daemon): never blocked by a slow reader or disk.
    public func startThreads(fileLimit: Int = LogWriter.fileQueueBytes, stderrLimit: Int = LogWriter.stderrQueueBytes) {
        let err = WriterQueue<[UInt8]>(limit: stderrLimit) { batches in
            for b in batches { try? FileDescriptor.standardError.write(all: b) }
        }
        let file = self.file
        file.complain = { bytes in _ = err.post(bytes, bytes: bytes.count) }
        fileQueue = WriterQueue<Chunk>(limit: fileLimit) { chunks in
            for c in chunks {
                (file.maxBytes, file.files) = (c.maxBytes, c.files)
                file.write(c.bytes, now: c.now, copyOnFailure: c.copyOnFailure)
            }
        }
        errorQueue = err
    }

    /// Waits for the threads to write what is queued: the file up to `fileTimeout`, stderr up to `stderrTimeout` ns.
    public func finish(fileTimeout: Int64 = 10_000_000_000, stderrTimeout: Int64 = 1_000_000_000) {
        _ = fileQueue?.waitUntilWritten(timeout: fileTimeout)
        _ = errorQueue?.waitUntilWritten(timeout: stderrTimeout)
    }

    /// Waits (at most `timeout` ns) until the log file has what was written so far: a run's output is in the
    /// log before its record is in the history. Costs nothing but a lock when the thread keeps up; a disk
    /// that hangs would hold the history's fsync just the same.
    public func waitForFile(timeout: Int64 = 1_000_000_000) {
        _ = fileQueue?.waitUntilWritten(timeout: timeout)
    }

    /// The file's queue is nearly full: the loop stops reading job output (it waits in the jobs' pipes, and
    /// a job writing more waits as for any slow reader) rather than drop it; the loop itself goes on.
    public var fileBacklogHigh: Bool {
        guard let q = fileQueue else { return false }
        return q.backlog > q.limit - Self.outputHeadroom
    }
    /// Room kept for one read batch of job output (1 MiB a pipe, with prefixes) and the daemon's lines.
    static let outputHeadroom = 4 << 20

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

    /// Writes formatted log bytes to both destinations. `output`: job output lines, copied to stderr only
    /// when `outputToStderr`. While the log file can't be written, job output goes to stderr anyway.
    func writeBytes(_ bytes: [UInt8], now: Int64, output: Bool = false) {
        let copied = toStderr && (!output || outputToStderr)
        if copied { toStandardError(bytes) }
        toFile(bytes, now: now, copyOnFailure: toStderr && !copied)
        reportDrops(now: now)
    }

    private func toStandardError(_ bytes: [UInt8]) {
        guard let q = errorQueue else { try? FileDescriptor.standardError.write(all: bytes); return }
        if !q.post(bytes, bytes: bytes.count) { droppedLines += dropped.add(bytes, stderr: true) }
    }

    private func toFile(_ bytes: [UInt8], now: Int64, copyOnFailure: Bool) {
        guard let q = fileQueue else {
            (file.maxBytes, file.files) = (maxBytes, files)
            return file.write(bytes, now: now, copyOnFailure: copyOnFailure)
        }
        let chunk = Chunk(bytes: bytes, now: now, copyOnFailure: copyOnFailure, maxBytes: maxBytes, files: files)
        if !q.post(chunk, bytes: bytes.count) { droppedLines += dropped.add(bytes, stderr: false) }
    }

    /// One line for each stretch of drops, to both destinations (queued past the limit: it is short), at
    /// most every 10 s while a destination stays stalled.
    private func reportDrops(now: Int64) {
        guard let note = dropped.note(now: now) else { return }
        let text = file.line(now, note)
        if toStderr { errorQueue?.post(text, bytes: text.count, force: true) }
        fileQueue?.post(Chunk(bytes: text, now: now, copyOnFailure: false, maxBytes: maxBytes, files: files), bytes: text.count, force: true)
    }
}

/// Lines a destination could not take, until they are reported.
struct Dropped {
    var file = 0, stderr = 0
    var reportedAt: Int64 = .min

    /// Counts the lines of a batch a destination refused; returns how many.
    mutating func add(_ bytes: [UInt8], stderr toStderr: Bool) -> Int {
        let n = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if toStderr { stderr += n } else { file += n }
        return n
    }

    /// The report due now, if any: "N lines dropped …".
    mutating func note(now: Int64) -> String? {
        guard file + stderr > 0, reportedAt == .min || now < reportedAt || now - reportedAt >= 10 else { return nil }
        var parts: [String] = []
        if file > 0 { parts.append("\(file) lines dropped from the log file (its disk did not keep up)") }
        if stderr > 0 { parts.append("\(stderr) lines dropped from stderr (its reader did not keep up)") }
        (file, stderr, reportedAt) = (0, 0, now)
        return parts.joined(separator: "; ")
    }
}
