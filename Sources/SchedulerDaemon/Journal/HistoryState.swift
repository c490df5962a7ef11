import SchedulerCore
import SystemCalls

/// What the daemon needs from the run history at start, kept small beside the journal
/// (`history.state`) so start-up doesn't read the history: per job ever seen its last run number and
/// last slot, the attempts running when it was written, and how far into which journal file it goes.
/// Written atomically after the journal's fsync; records written after it are replayed from the journal
/// at start, so a crash between the two loses nothing.
public struct HistoryState: Sendable, Equatable {
    /// Bumped when the format changes; another version is rebuilt from the journal.
    public static let version = 1
    static let magic = "scheduler-history-state"

    /// The journal file the state covers (device and inode, as rotation renames it), up to `offset`.
    public var journalDevice: UInt64 = 0
    public var journalInode: UInt64 = 0
    public var offset: Int64 = 0
    /// When it was written (the daemon's clock): attempts started later are not in `open`.
    public var writtenAt = Instant(nanoseconds: 0)
    public var jobs: [String: JobHistory] = [:]
    /// Attempts started and not yet recorded when it was written.
    public var open: Set<RunID> = []

    public init() {}

    /// Folds records in (run numbers, last non-skipped slot): what `Journal.history` derives.
    public mutating func merge(_ records: [JournalRecord]) {
        for r in records {
            var h = jobs[r.job] ?? JobHistory()
            h.lastRun = max(h.lastRun, r.run)
            if r.status != .skipped, h.lastScheduledAt.map({ r.scheduledAt > $0 }) ?? true { h.lastScheduledAt = r.scheduledAt }
            jobs[r.job] = h
            open.remove(RunID(job: r.job, run: r.run, attempt: r.attempt))
        }
    }

    /// Raises run numbers and slots to what `other` knows (orphans, the engine's numbers).
    public mutating func merge(_ other: [String: JobHistory]) {
        for (job, o) in other {
            var h = jobs[job] ?? JobHistory()
            h.lastRun = max(h.lastRun, o.lastRun)
            if let s = o.lastScheduledAt, h.lastScheduledAt.map({ s > $0 }) ?? true { h.lastScheduledAt = s }
            jobs[job] = h
        }
    }

    /// The file's text: a header, one line per job and per open attempt, an end line (a cut file is damaged).
    public var text: String {
        var out = "\(Self.magic) \(Self.version)\njournal\t\(journalDevice)\t\(journalInode)\t\(offset)\t\(writtenAt.nanoseconds)\n"
        for (name, h) in jobs.sorted(by: { $0.key < $1.key }) where Self.storable(name) {
            out += "job\t\(h.lastRun)\t\(h.lastScheduledAt.map { String($0.nanoseconds) } ?? "-")\t\(name)\n"
        }
        for id in open.sorted(by: { ($0.job, $0.run, $0.attempt) < ($1.job, $1.run, $1.attempt) }) where Self.storable(id.job) {
            out += "open\t\(id.run)\t\(id.attempt)\t\(id.job)\n"
        }
        return out + "end\n"
    }

    /// Job names are letters, digits, `_ . -`; anything with a tab or newline can't be a config job.
    static func storable(_ name: String) -> Bool { !name.isEmpty && !name.contains(where: { $0 == "\t" || $0.isNewline }) }

    /// Why a state file can't be used.
    public enum Problem: Error, Equatable, Sendable {
        case missing, damaged(String), version(String)
        public var description: String {
            switch self {
            case .missing: "is missing"
            case .damaged(let why): "is damaged (\(why))"
            case .version(let v): "is from another version (\(v))"
            }
        }
    }

    /// Parses a state file's text.
    public static func parse(_ text: Substring) -> Result<HistoryState, Problem> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let head = lines.popFirst(), head.hasPrefix(magic + " ") else { return .failure(.damaged("no header")) }
        let v = head.dropFirst(magic.count + 1)
        guard v == String(version) else { return .failure(.version("format \(v), this daemon writes \(version)")) }
        var s = HistoryState(), ended = false
        for (i, line) in lines.enumerated() where !line.isEmpty {
            guard !ended else { return .failure(.damaged("text after the end line")) }
            let f = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
            switch (f.first, f.count) {
            case ("journal", 5):
                guard let d = UInt64(f[1]), let n = UInt64(f[2]), let o = Int64(f[3]), let w = Int64(f[4]) else { return .failure(.damaged("line \(i + 2)")) }
                (s.journalDevice, s.journalInode, s.offset, s.writtenAt) = (d, n, o, Instant(nanoseconds: w))
            case ("job", 4):
                guard let run = Int(f[1]), f[2] == "-" || Int64(f[2]) != nil, storable(String(f[3])) else { return .failure(.damaged("line \(i + 2)")) }
                s.jobs[String(f[3])] = JobHistory(lastRun: run, lastScheduledAt: Int64(f[2]).map(Instant.init(nanoseconds:)))
            case ("open", 4):
                guard let run = Int(f[1]), let attempt = Int(f[2]) else { return .failure(.damaged("line \(i + 2)")) }
                s.open.insert(RunID(job: String(f[3]), run: run, attempt: attempt))
            case ("end", 1): ended = true
            default: return .failure(.damaged("line \(i + 2)"))
            }
        }
        return ended ? .success(s) : .failure(.damaged("cut short"))
    }

    /// Reads the state file at `path`.
    public static func read(_ path: String) -> Result<HistoryState, Problem> {
        guard FileSystem.exists(path) else { return .failure(.missing) }
        guard let bytes = try? FileSystem.readFile(path) else { return .failure(.damaged("unreadable")) }
        return parse(Substring(String(decoding: bytes, as: UTF8.self)))
    }

    /// Writes it atomically (temp file, fsync, rename), mode 0600, making the directory (0700) as the journal does.
    public func write(_ path: String) throws {
        try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path), permissions: 0o700)
        try FileSystem.writeFileAtomically(path, Array(text.utf8), permissions: 0o600)
    }
}
