/// What `scheduler ps` knows of a running attempt: the content of its lock file, written by whoever took
/// the lock (the daemon or `scheduler run`). The job's process inherits the locked descriptor, so the flock
/// — and with it this record — outlives a daemon restart. Format: `key=value` lines, a superset of
/// `FileLock.Owner` (`pid`, `started`, `note`), so `FileLock.readOwner` still reads it.
/// Reading and writing are pure; the lock files themselves are SchedulerDaemon's.
public struct RunState: Sendable, Equatable {
    public var job: String
    public var run: Int
    public var attempt: Int
    /// 1 + the job's retry attempts.
    public var attempts: Int
    public var pid: Int32
    /// Seconds since the epoch.
    public var startedAt: Int64
    public var command: String
    /// "daemon" or "run" (`scheduler run`).
    public var startedBy: String
    /// The slot and the exact start (nanoseconds since the epoch), for the record of a run whose daemon died.
    public var scheduledNanos: Int64?
    public var startedNanos: Int64?

    public init(job: String, run: Int, attempt: Int, attempts: Int, pid: Int32, startedAt: Int64, command: String, startedBy: String) {
        self.job = job; self.run = run; self.attempt = attempt; self.attempts = attempts
        self.pid = pid; self.startedAt = startedAt; self.command = command; self.startedBy = startedBy
    }

    public var dyno: String { "\(job).\(run)" }

    public var text: String {
        func one(_ s: String) -> String { s.split(whereSeparator: \.isNewline).joined(separator: " ") }
        return "pid=\(pid)\nstarted=\(startedAt)\nnote=\(dyno)\njob=\(one(job))\nrun=\(run)\nattempt=\(attempt)\n"
            + "attempts=\(attempts)\nby=\(startedBy)\ncommand=\(one(command))\n"
            + (scheduledNanos.map { "scheduled_ns=\($0)\n" } ?? "") + (startedNanos.map { "started_ns=\($0)\n" } ?? "")
    }

    /// Seconds and nanoseconds an instant can hold; a state outside them is corrupt.
    static let secondsRange: ClosedRange<Int64> = Timestamp.secondsRange
    static let nanosRange: ClosedRange<Int64> = Timestamp.secondsRange.lowerBound * 1_000_000_000...Timestamp.secondsRange.upperBound * 1_000_000_000

    /// Parses a lock file's bytes; older owner-only files (pid, started, note) still give job and run.
    /// Nil when pid or started is missing, or any number is malformed or out of range (pid ≤ 0 included:
    /// signalling it would reach a process group or every process).
    public static func parse<C: Collection>(_ bytes: C) -> RunState? where C.Element == UInt8 {
        var f: [Substring: Substring] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            f[line[..<eq]] = line[line.index(after: eq)...]
        }
        func number<T: FixedWidthInteger>(_ key: Substring, _ range: ClosedRange<T>) -> T?? {
            guard let text = f[key] else { return .some(nil) }
            guard let v = Checked.parse(text, as: T.self), range.contains(v) else { return nil }
            return .some(v)
        }
        let counters = 0...JournalLine.maxCounter
        guard let pid = number("pid", 1...Int32.max) ?? nil, let started = number("started", secondsRange) ?? nil,
              let runField = number("run", counters), let attempt = number("attempt", counters),
              let attempts = number("attempts", counters), let scheduled = number("scheduled_ns", nanosRange),
              let startedNs = number("started_ns", nanosRange) else { return nil }
        let note = f["note"].map(String.init) ?? ""
        let dot = note.lastIndex(of: ".")
        let job = f["job"].map(String.init) ?? dot.map { String(note[..<$0]) } ?? note
        let noteRun = dot.flatMap { Checked.parse(note[note.index(after: $0)...], as: Int.self) }.flatMap { counters.contains($0) ? $0 : nil }
        var s = RunState(job: job, run: runField ?? noteRun ?? 0, attempt: attempt ?? 1, attempts: attempts ?? 1,
                         pid: pid, startedAt: started, command: f["command"].map(String.init) ?? "",
                         startedBy: f["by"].map(String.init) ?? "daemon")
        s.scheduledNanos = scheduled
        s.startedNanos = startedNs
        return s
    }

    /// Parses text (see `parse(_:)` over bytes).
    public static func parse(_ text: String) -> RunState? { parse(Array(text.utf8)) }
}
