import SchedulerCore
import SystemCalls

/// How much run history is kept: `history_keep` and `history_max_size` from `[daemon]`, whichever is hit first.
public struct JournalRetention: Sendable, Equatable {
    /// The journal and its rotated files together.
    public var maxBytes: Int
    /// A rotated file goes once its newest record (its modification time) is older than this.
    public var keep: Duration
    public init(maxBytes: Int, keep: Duration) { self.maxBytes = maxBytes; self.keep = keep }
    public init(_ d: DaemonSettings) { self.init(maxBytes: d.historyMaxBytes, keep: d.historyKeep) }

    /// Each file rotates at a tenth of the total, so dropping the oldest frees a tenth at most.
    public var fileBytes: Int { max(maxBytes / 10, 4096) }
    /// Rotated files kept beside the live one.
    public static let rotatedFiles = 9
}

/// The journal's files in one directory: `history.jsonl` (live) and `history.jsonl.1` (newest rotated),
/// `.2` … Rotation renames, never copies: a record is in exactly one file at every moment, and a crash
/// half-way through leaves at worst a gap in the numbers, which readers skip.
public enum JournalFiles {
    /// The rotated files as (number, path), newest (lowest number) first.
    public static func rotated(_ path: String) -> [(number: Int, path: String)] {
        let dir = FileSystem.parentDirectory(of: path), prefix = FileSystem.baseName(of: path) + "."
        var out: [(number: Int, path: String)] = []
        for name in (try? FileSystem.listDirectory(dir)) ?? [] where name.hasPrefix(prefix) {
            guard let n = Int(name.dropFirst(prefix.count)), n > 0 else { continue }
            out.append((n, dir + "/" + name))
        }
        return out.sorted { $0.number < $1.number }
    }

    /// Every file of the journal, newest first: the live file, then the rotated ones.
    public static func newestFirst(_ path: String) -> [String] {
        (FileSystem.exists(path) ? [path] : []) + rotated(path).map(\.path)
    }

    /// Live file → `.1`, each `.N` → `.N+1`; rotated files past the policy (count, total size, age) are
    /// removed first. The caller has closed its descriptor of the live file. Returns the paths removed.
    @discardableResult
    public static func rotate(_ path: String, policy: JournalRetention, now: Instant) throws -> [String] {
        let old = rotated(path)
        let liveSize = (try? FileSystem.stat(path).size) ?? 0
        let keep = keptCount(old.map(\.path), policy: policy, now: now, alreadyUsed: Int(liveSize) + policy.fileBytes,
                             limit: JournalRetention.rotatedFiles - 1)
        // Inside a descriptor of the verified directory (renameat): a swapped path can't redirect them.
        let dir = try StateDirectories.open(FileSystem.parentDirectory(of: path))
        defer { try? dir.close() }
        let name = FileSystem.baseName(of: path)
        var removed: [String] = []
        for f in old[keep...] where (try? dir.unlink(FileSystem.baseName(of: f.path))) != nil { removed.append(f.path) }
        // Highest number first, so no rename lands on a file not yet moved.
        for f in old[..<keep].reversed() { try dir.rename(FileSystem.baseName(of: f.path), to: "\(name).\(f.number + 1)") }
        if liveSize > 0 || (try? dir.status(of: name)) != nil { try dir.rename(name, to: "\(name).1") }
        try? dir.sync()
        return removed
    }

    /// Removes rotated files older than `keep` or past the size limit (at start, and now and then).
    @discardableResult
    public static func expire(_ path: String, policy: JournalRetention, now: Instant) -> [String] {
        let old = rotated(path)
        let liveSize = (try? FileSystem.stat(path).size) ?? 0
        let keep = keptCount(old.map(\.path), policy: policy, now: now, alreadyUsed: Int(liveSize), limit: JournalRetention.rotatedFiles)
        var removed: [String] = []
        for f in old[keep...] where (try? FileSystem.unlink(f.path)) != nil { removed.append(f.path) }
        return removed
    }

    /// How many of `files` (newest first) fit: at most `limit`, within the size left after `alreadyUsed`,
    /// and each written within `keep`. Once one doesn't, the older ones don't either.
    static func keptCount(_ files: [String], policy: JournalRetention, now: Instant, alreadyUsed: Int, limit: Int) -> Int {
        var total = alreadyUsed, count = 0
        let oldest = (now - policy.keep).nanoseconds
        for f in files.prefix(max(limit, 0)) {
            guard let st = try? FileSystem.stat(f) else { count += 1; continue }  // gone meanwhile: nothing to weigh
            total += Int(st.size)
            guard total <= policy.maxBytes, st.modificationTime >= oldest else { break }
            count += 1
        }
        return count
    }
}
