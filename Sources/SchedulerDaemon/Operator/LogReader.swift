import SchedulerCore
import SystemCalls

/// Which log lines `scheduler logs` shows.
public struct LogFilter: Sendable {
    public var jobs: JobSelector
    /// "app" or "scheduler".
    public var source: String?
    public var since: Instant?
    public init(jobs: JobSelector = JobSelector(), source: String? = nil, since: Instant? = nil) {
        self.jobs = jobs; self.source = source; self.since = since
    }
    public var isEmpty: Bool { jobs.isAll && source == nil && since == nil }

    /// A cheap byte search before parsing: the line names the job's dyno (`[JOB.` or `[JOB]`) and the source.
    func mayPass(_ line: ArraySlice<UInt8>) -> Bool {
        if let job = jobs.singleName {
            let j = Array(job.utf8)
            guard LogFilter.contains(line, [91] + j + [46]) || LogFilter.contains(line, [91] + j + [93]) else { return false }
        }
        if let source { return LogFilter.contains(line, [32] + Array(source.utf8) + [91]) }
        return true
    }

    static func contains(_ hay: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, hay.count >= needle.count else { return false }
        var i = hay.startIndex
        let last = hay.endIndex - needle.count
        while i <= last {
            if hay[i] == first, hay[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// Whether a line passes; `tooOld` says it is before `since` (older lines need not be read).
    public func check(_ line: Substring) -> (pass: Bool, tooOld: Bool) {
        if isEmpty { return (true, false) }
        guard let p = LogFormat.parse(line) else { return (false, false) }
        if !jobs.isAll, !jobs.matches(dyno: p.dyno) { return (false, false) }
        if let source, p.source != source { return (false, false) }
        if let since, let t = TimeFormat.parseRFC3339(String(p.time)), t < since { return (false, true) }
        return (true, false)
    }
}

/// Reads the log (`scheduler.log`, then `.1` … older) from the end, so `-n` costs the same on any log size.
public enum LogReader {
    static let block = 1 << 16

    /// The log and its rotated files, newest first (those that exist).
    public static func files(_ path: String) -> [String] {
        var out = FileSystem.exists(path) ? [path] : []
        var i = 1
        while i < 1000, FileSystem.exists("\(path).\(i)") { out.append("\(path).\(i)"); i += 1 }
        return out
    }

    /// The last `count` lines that pass `filter`, oldest first. `newest` (an open descriptor of `path`
    /// and the size to read up to) lets `--tail` go on from exactly where this stopped.
    public static func tail(path: String, count: Int, filter: LogFilter, newest: (FileDescriptor, Int64)? = nil) -> [String] {
        var found: [String] = []
        guard count > 0 else { return [] }
        for (i, file) in files(path).enumerated() {
            var done = false
            let visit: (ArraySlice<UInt8>) -> Bool = { bytes in
                guard filter.mayPass(bytes) else { return true }
                let line = Substring(String(decoding: bytes, as: UTF8.self))
                let (pass, old) = filter.check(line)
                if old { done = true; return false }
                if pass { found.append(String(line)) }
                return found.count < count
            }
            if i == 0, let (fd, size) = newest { backward(fd, size: size, visit) } else {
                guard let fd = try? FileDescriptor.open(file, .readOnly) else { continue }
                fd.closeAfter { backward(fd, size: (try? fd.status().size) ?? 0, visit) }
            }
            if done || found.count >= count { break }
        }
        return found.reversed()
    }

    /// Calls `visit` with each complete line of `fd`'s first `size` bytes, last line first, while it returns true.
    static func backward(_ fd: FileDescriptor, size: Int64, _ visit: (ArraySlice<UInt8>) -> Bool) {
        var pos = size, carry: [UInt8] = []
        var first = true
        while pos > 0 {
            let n = Int(min(Int64(block), pos))
            pos -= Int64(n)
            guard (try? fd.seek(to: pos)) != nil else { return }
            var chunk: [UInt8] = []
            while chunk.count < n, let c = try? fd.read(upTo: n - chunk.count), !c.isEmpty { chunk += c }
            chunk += carry
            var lines = chunk.split(separator: 10, omittingEmptySubsequences: false)
            if first, lines.last?.isEmpty == true { lines.removeLast() }  // the final newline
            first = false
            // The first piece may continue in the block before: keep it for the next round.
            carry = pos > 0 && !lines.isEmpty ? Array(lines.removeFirst()) : []
            for l in lines.reversed() where !l.isEmpty {
                if !visit(l) { return }
            }
        }
    }
}
