/// One journal (history.jsonl) record as read from disk, every field range-checked: a record the program
/// could not use without overflowing (exit code 5000000000, cpu_seconds 1e300, an end before its start)
/// is refused with a reason instead. SchedulerDaemon's `JournalRecord` wraps it (typed times and status).
public struct JournalLine: Equatable, Sendable {
    public var job: String
    public var run: Int
    public var attempt: Int
    /// Nanoseconds since the epoch.
    public var scheduledAt: Int64
    public var startedAt: Int64
    public var endedAt: Int64
    public var status: String
    public var exitCode: Int32?
    public var signal: Int32?
    public var cpuSeconds: Double
    public var maxRSSKB: Int
    public var pid: Int32?
    /// A stretch of skipped slots in one record: how many and the first slot (run and attempt are null, read as 0).
    public var count: Int?
    public var firstScheduledAt: Int64?
    /// The `[cluster]` node that ran it; absent in records of a daemon without `[cluster]`.
    public var node: String?

    public init(job: String, run: Int, attempt: Int, scheduledAt: Int64, startedAt: Int64, endedAt: Int64, status: String,
                exitCode: Int32? = nil, signal: Int32? = nil, cpuSeconds: Double = 0, maxRSSKB: Int = 0, pid: Int32? = nil) {
        self.job = job; self.run = run; self.attempt = attempt; self.scheduledAt = scheduledAt; self.startedAt = startedAt
        self.endedAt = endedAt; self.status = status; self.exitCode = exitCode; self.signal = signal
        self.cpuSeconds = cpuSeconds; self.maxRSSKB = maxRSSKB; self.pid = pid
    }

    /// Run and attempt numbers stay far enough from `Int.max` that counting on from them can't overflow.
    public static let maxCounter = 1_000_000_000_000_000
    /// A century of CPU time: more is a corrupt record.
    public static let maxCPUSeconds = 3_155_760_000.0
    /// 1 EiB in KiB.
    public static let maxRSSKiB = 1 << 50
    /// The statuses the journal writes.
    public static let statuses: Set<String> = ["succeeded", "failed", "timed_out", "killed", "skipped", "unknown"]

    /// Decodes one line (without its newline): the record, or why it is refused.
    public static func decode<C: Collection>(_ line: C) -> Result<JournalLine, Refusal> where C.Element == UInt8 {
        guard let o = FlatJSON.parseObject(line) else { return .failure(Refusal("unreadable (not one flat JSON object)")) }
        do {
            let stretch = o["count"].map { $0 != .null } ?? false
            var r = try JournalLine(
                job: field(o, "job") { $0.string }, run: stretch ? 0 : counter(o, "run"), attempt: stretch ? 0 : counter(o, "attempt"),
                scheduledAt: time(o, "scheduled_at"), startedAt: time(o, "started_at"), endedAt: time(o, "ended_at"),
                status: field(o, "status") { $0.string.flatMap { statuses.contains($0) ? $0 : nil } },
                exitCode: optionalInt(o, "exit_code"), signal: optionalInt(o, "signal"),
                cpuSeconds: optional(o, "cpu_seconds") { $0.double.flatMap { Checked.double($0, in: 0...maxCPUSeconds) } } ?? 0,
                maxRSSKB: optional(o, "max_rss_kb") { $0.double.flatMap { Checked.integer($0).flatMap { (0...maxRSSKiB).contains($0) ? $0 : nil } } } ?? 0,
                pid: optionalInt(o, "pid"))
            r.node = try optional(o, "node") { $0.string }
            guard r.endedAt >= r.startedAt else { throw Refusal("ended_at is before started_at") }
            if stretch {
                guard r.status == "skipped" else { throw Refusal("count is only for skipped records") }
                r.count = try counter(o, "count")
                r.firstScheduledAt = try time(o, "first_scheduled_at")
            }
            // Durations are computed from these; a difference past Int64 would wrap.
            guard !r.endedAt.subtractingReportingOverflow(r.startedAt).overflow else { throw Refusal("ended_at is too far from started_at") }
            return .success(r)
        } catch let e as Refusal {
            return .failure(e)
        } catch {
            return .failure(Refusal("unreadable"))
        }
    }

    /// Why a line is not a record.
    public struct Refusal: Error, Equatable, Sendable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    private static func field<T>(_ o: [String: FlatValue], _ key: String, _ read: (FlatValue) -> T?) throws -> T {
        guard let v = o[key] else { throw Refusal("\(key) is missing") }
        guard let t = read(v) else { throw Refusal("\(key) is invalid or out of range (\(shown(v)))") }
        return t
    }

    private static func optional<T>(_ o: [String: FlatValue], _ key: String, _ read: (FlatValue) -> T?) throws -> T? {
        guard let v = o[key], v != .null else { return nil }
        return try field(o, key, read)
    }

    private static func counter(_ o: [String: FlatValue], _ key: String) throws -> Int {
        try field(o, key) { $0.double.flatMap { Checked.integer($0, as: Int.self) }.flatMap { (0...maxCounter).contains($0) ? $0 : nil } }
    }

    private static func optionalInt(_ o: [String: FlatValue], _ key: String) throws -> Int32? {
        try optional(o, key) { $0.double.flatMap { Checked.integer($0, as: Int32.self) } }
    }

    private static func time(_ o: [String: FlatValue], _ key: String) throws -> Int64 {
        try field(o, key) { $0.string.flatMap { Timestamp.parse($0.utf8) } }
    }

    /// A value for a message: short, without control characters.
    static func shown(_ v: FlatValue) -> String {
        switch v {
        case .string(let s): return "\"" + Printable.escaped(String(s.prefix(40))) + "\""
        case .number(let d): return "\(d)"
        case .null: return "null"
        case .bool(let b): return "\(b)"
        }
    }
}

/// The records of a journal file's bytes, with a warning per line that is not one.
public struct JournalText: Sendable {
    public var records: [(line: Int, record: JournalLine)] = []
    /// "LINE: reason" for every refused line (`line` counts from `firstLine`).
    public var warnings: [String] = []
    /// Bytes after the last newline (a line torn by a crash), not decoded.
    public var tail: ArraySlice<UInt8> = []
    /// The number of the line `tail` starts.
    public var nextLine = 1

    /// Decodes every complete line of `bytes`; empty lines are skipped silently.
    public static func decode(_ bytes: ArraySlice<UInt8>, firstLine: Int = 1) -> JournalText {
        var out = JournalText(), start = bytes.startIndex, line = firstLine
        while let nl = bytes[start...].firstIndex(of: 10) {
            out.add(bytes[start..<nl], line: line)
            start = nl + 1
            line += 1
        }
        out.tail = bytes[start...]
        out.nextLine = line
        return out
    }

    mutating func add(_ bytes: ArraySlice<UInt8>, line: Int) {
        guard !bytes.isEmpty else { return }
        switch JournalLine.decode(bytes) {
        case .success(let r): records.append((line, r))
        case .failure(let e): warnings.append("\(line): record ignored: \(e.reason)")
        }
    }
}
