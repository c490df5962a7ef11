import SchedulerCore
import SystemCalls

/// Paused jobs: names in `STATE/paused`, one per line. The daemon reads the file at start and on every
/// reload and runs a paused job as if it were disabled (no new runs; a running one finishes).
public enum PausedJobs {
    /// The paused job names; empty when the file is missing or unreadable.
    public static func read(_ paths: StatePaths) -> Set<String> {
        // Only our own regular file, not through a symlink: another user's `paused` must not pause our jobs.
        guard let bytes = try? readOwn(paths.pausedFile) else { return [] }
        return Set(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { String($0) }.filter { !$0.isEmpty })
    }

    /// Replaces the file atomically (0600), sorted; removes it when nothing is paused.
    public static func write(_ names: Set<String>, paths: StatePaths) throws {
        if names.isEmpty {
            if FileSystem.exists(paths.pausedFile) { try FileSystem.unlink(paths.pausedFile) }
            return
        }
        try StateDirectories.ensure(paths.state)
        let text = names.sorted().joined(separator: "\n") + "\n"
        try FileSystem.writeFileAtomically(paths.pausedFile, Array(text.utf8), permissions: 0o600)
    }
}

extension PausedJobs {
    /// A small file of ours: O_NOFOLLOW|O_NONBLOCK, owner and type checked on the open descriptor.
    static func readOwn(_ path: String) throws -> [UInt8] {
        let fd = try FileDescriptor.open(path, .readOnly, options: [.noFollow, .nonblocking])
        return try fd.closeAfter {
            try StateDirectories.checkOwner(fd, path: path)
            return try fd.read(upTo: 1 << 20)
        }
    }
}

extension Config {
    /// The config the engine runs: paused jobs count as disabled.
    public func pausing(_ paths: StatePaths) -> Config {
        let paused = PausedJobs.read(paths)
        guard !paused.isEmpty else { return self }
        var c = self
        for i in c.jobs.indices where paused.contains(c.jobs[i].name) { c.jobs[i].enabled = false }
        return c
    }
}
