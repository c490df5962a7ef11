import SchedulerCore
import StateFormats
import SystemCalls

/// The run history: append-only JSON lines, one per finished attempt, fsync'd before the run counts as done.
public final class Journal {
    public let path: String
    let zone: TimeZoneRules
    private var fd: FileDescriptor?
    /// Problems found while opening (torn last line), for the daemon to log.
    public private(set) var warnings: [String] = []
    /// What rotation removed, for the daemon's log.
    public private(set) var notes: [String] = []

    /// `[cluster]`: this daemon's node name, written in every record that has none; nil without `[cluster]`.
    public var node: String?
    /// Rotation and retention; nil: the file only grows (`scheduler run` appends, the daemon rotates).
    public var retention: JournalRetention?
    /// When rotated files were last checked for age (at most hourly, on append).
    private var expiredAt: Instant?

    public init(path: String, zone: TimeZoneRules, retention: JournalRetention? = nil) {
        self.path = path; self.zone = zone; self.retention = retention
    }
    public func clearWarnings() { warnings = []; notes = [] }
    deinit { try? fd?.close() }

    /// Appends one record and fsyncs it. Creates the directory (0700) and file (0600) on first use.
    public func append(_ record: JournalRecord) throws { try append(contentsOf: [record]) }

    /// Appends records with one write and one fsync (group commit: a burst of ends costs one sync).
    public func append(contentsOf records: [JournalRecord]) throws {
        guard !records.isEmpty else { return }
        var text = ""
        for var r in records {
            r.node = r.node ?? node
            text += JournalCodec.encode(r, zone: zone); text += "\n"
        }
        var fd = try openForAppend()
        if let retention, let now = records.last?.endedAt {
            let size = try fd.status().size
            if size > 0, Int(size) + text.utf8.count > retention.fileBytes {
                try fd.close(); self.fd = nil
                note(removed: try JournalFiles.rotate(path, policy: retention, now: now))
                expiredAt = now
                fd = try openForAppend()
            } else if expiredAt.map({ now - $0 >= .seconds(3600) }) ?? true {
                expire(now: now)
            }
        }
        try fd.write(all: text)
        try fd.sync()
    }

    /// The live file (device, inode) and its size: where a state file written now leaves off.
    public func position() -> (device: UInt64, inode: UInt64, size: Int64) {
        guard let st = (try? fd?.status()) ?? (try? FileSystem.stat(path)) else { return (0, 0, 0) }
        return (st.device, st.inode, st.size)
    }

    /// Drops rotated files past `history_keep` or `history_max_size` (the daemon calls it at start).
    public func expire(now: Instant) {
        guard let retention else { return }
        expiredAt = now
        note(removed: JournalFiles.expire(path, policy: retention, now: now))
    }

    private func note(removed: [String]) {
        for p in removed { notes.append("Removed \(p): past history_keep or history_max_size") }
    }

    private func openForAppend() throws -> FileDescriptor {
        if let fd { return fd }
        try StateDirectories.ensure(FileSystem.parentDirectory(of: path))
        let new = try FileDescriptor.open(path, .readWrite, options: [.create, .append, .noFollow], permissions: 0o600)
        do { try StateDirectories.checkOwner(new, path: path) } catch { try? new.close(); throw error }
        // A crash mid-write leaves a line without its newline: end it, so the next record starts clean.
        let size = try new.status().size
        if size > 0 {
            try new.seek(to: size - 1)
            if try new.read(upTo: 1) != [10] {
                try new.write(all: "\n")
                warnings.append("\(path): the last line was incomplete (torn by a crash?); it is ignored")
            }
        }
        fd = new
        return new
    }

    /// Every record in file order, and warnings for lines that could not be read (decoding: StateFormats).
    /// `from`: a byte offset at a line start (where a state file left off).
    public static func readAll(path: String, from offset: Int64 = 0) throws -> (records: [JournalRecord], warnings: [String]) {
        var records: [JournalRecord] = []
        let warnings = try forEachChunk(path: path, from: offset) { records += $0 }
        return (records, warnings)
    }

    /// Calls `body` with the records of `path` in file order, those of a chunk (about 1 MiB) at a time: memory
    /// stays bounded whatever the file's size. Returns warnings for lines that could not be read.
    /// `from`: a byte offset at a line start (where a state file left off).
    public static func forEachChunk(path: String, from offset: Int64 = 0, _ body: ([JournalRecord]) throws -> Void) throws -> [String] {
        var warnings: [String] = []
        guard FileSystem.exists(path) else { return [] }
        let fd = try FileDescriptor.open(path, .readOnly)
        try fd.closeAfter {
            if offset > 0 { _ = try fd.seek(to: offset) }
            var carry: [UInt8] = [], lineNo = 1
            while true {
                let chunk = try fd.read(upTo: 1 << 20)
                if chunk.isEmpty { break }
                carry += chunk
                let text = JournalText.decode(carry[...], firstLine: lineNo)
                try body(text.records.map { JournalRecord($0.record) })
                warnings += text.warnings.map { "\(path):\($0)" }
                lineNo = text.nextLine
                carry = Array(text.tail)
            }
            if !carry.isEmpty { warnings.append("\(path):\(lineNo): incomplete last line (torn by a crash?) ignored") }
        }
        return warnings
    }

    /// Every record of the live and rotated files, oldest first.
    public static func readEveryFile(path: String) -> (records: [JournalRecord], warnings: [String]) {
        var records: [JournalRecord] = []
        let warnings = forEachChunkOfEveryFile(path: path) { records += $0 }
        return (records, warnings)
    }

    /// `forEachChunk` over the rotated files, oldest first, then the live one; warnings for files that can't be read.
    public static func forEachChunkOfEveryFile(path: String, _ body: ([JournalRecord]) -> Void) -> [String] {
        var warnings: [String] = []
        for file in JournalFiles.newestFirst(path).reversed() {
            guard let w = try? forEachChunk(path: file, body) else { warnings.append("\(file): can't be read"); continue }
            warnings += w
        }
        return warnings
    }

    /// The last `count` records that pass `filter`, oldest first, reading backwards from the end of the live
    /// file, then of `.1`, `.2` … only as far as needed. `since`: stop at records written before it (with a
    /// minute's margin: a record is written when it ends, so ended_at orders the file).
    public static func tail(path: String, count: Int, since: Instant? = nil, filter: (JournalRecord) -> Bool = { _ in true }) throws
        -> (records: [JournalRecord], warnings: [String]) {
        guard count > 0 else { return ([], []) }
        var found: [JournalRecord] = [], warnings: [String] = []
        let stop = since.map { $0 - .seconds(60) }
        for file in JournalFiles.newestFirst(path) {
            guard let fd = try? FileDescriptor.open(file, .readOnly) else { continue }
            let done = try fd.closeAfter {
                try tail(fd, file: file, live: file == path, count: count, stop: stop, filter: filter, &found, &warnings)
            }
            if done { break }
        }
        return (found.reversed(), warnings)
    }

    /// One file of `tail`, newest record first into `found`; true when no older file needs reading.
    private static func tail(_ fd: FileDescriptor, file: String, live: Bool, count: Int, stop: Instant?,
                             filter: (JournalRecord) -> Bool, _ found: inout [JournalRecord], _ warnings: inout [String]) throws -> Bool {
        var pos = try fd.status().size, pending: [UInt8] = [], first = true
        while pos > 0, found.count < count {
            let size = min(Int64(1 << 16), pos)
            pos -= size
            try fd.seek(to: pos)
            var block: [UInt8] = []
            while block.count < Int(size) { let c = try fd.read(upTo: Int(size) - block.count); if c.isEmpty { break }; block += c }
            pending = block + pending
            var lines = pending.split(separator: 10, omittingEmptySubsequences: false)
            if first {
                // Bytes after the last newline are a line torn by a crash: report and drop them.
                guard lines.count > 1 || pos == 0 else { pending = []; continue }
                if !lines.removeLast().isEmpty, live { warnings.append("\(file): incomplete last line (torn by a crash?) ignored") }
                first = false
            }
            // The first piece may continue in the previous block: keep it for the next round.
            pending = pos > 0 && !lines.isEmpty ? Array(lines.removeFirst()) : []
            for l in lines.reversed() where !l.isEmpty {
                guard found.count < count else { return true }
                let r: JournalRecord
                switch JournalCodec.decodeChecked(l) {
                case .success(let record): r = record
                case .failure(let e): warnings.append("\(file): record ignored: \(e.reason)"); continue
                }
                if let stop, r.endedAt < stop { return true }
                if filter(r) { found.append(r) }
            }
        }
        return found.count >= count
    }

    /// What the engine needs at startup: highest run number and last non-skipped slot per job.
    public static func history(from records: [JournalRecord]) -> [String: JobHistory] {
        var out: [String: JobHistory] = [:]
        for r in records {
            var h = out[r.job] ?? JobHistory()
            h.lastRun = max(h.lastRun, r.run)
            if r.status != .skipped, h.lastScheduledAt.map({ r.scheduledAt > $0 }) ?? true { h.lastScheduledAt = r.scheduledAt }
            out[r.job] = h
        }
        return out
    }
}
