import SchedulerCore
import StateFormats
import SystemCalls

extension RunState {
    /// The state of a daemon launch.
    init(_ r: LaunchRequest, pid: Int32, at now: Instant) {
        self.init(job: r.id.job, run: r.id.run, attempt: r.id.attempt, attempts: r.job.retry.attempts + 1, pid: pid,
                  startedAt: now.seconds, command: Engine.commandText(r.job.command), startedBy: "daemon")
        scheduledNanos = r.scheduledAt.nanoseconds
        startedNanos = now.nanoseconds
    }

    /// Replaces the lock file's content (we hold the lock). Written over the old content, and cut only if
    /// that was longer: ext4 flushes a file truncated to zero when it is closed (auto_da_alloc), and any
    /// truncate is a metadata change; either cost a disk write per launch.
    public func write(to lock: FileLock) throws {
        let bytes = Array(text.utf8)
        let old = try lock.descriptor.status().size
        _ = try lock.descriptor.seek(to: 0)
        try lock.descriptor.write(all: bytes)
        if old > Int64(bytes.count) { try lock.descriptor.truncate(to: Int64(bytes.count)) }
    }

    /// Every attempt whose lock is held right now (job locks and run files), oldest first.
    public static func running(paths: StatePaths) -> [RunState] {
        let probe = LockProbe()
        return lockFiles(paths: paths) { probe.isHeld($0, status: $1) }.map(\.state)
            .sorted { ($0.startedAt, $0.job, $0.run) < ($1.startedAt, $1.job, $1.run) }
    }

    /// The lock files (job locks and run files) that pass `keep`, which sees the file's status before it is
    /// read, and their parsed states.
    static func lockFiles(paths: StatePaths, where keep: (String, SystemCalls.FileStatus) -> Bool) -> [(path: String, state: RunState)] {
        var out: [(path: String, state: RunState)] = []
        // Both runtime dirs: a daemon that lost $XDG_RUNTIME_DIR keeps its locks in STATE/run.
        for dir in paths.runtimeCandidates.flatMap({ [$0 + "/locks", $0 + "/runs"] }) {
            for name in (try? FileSystem.listDirectory(dir)) ?? [] where name.hasSuffix(".lock") {
                let path = dir + "/" + name
                guard let st = try? FileSystem.stat(path), keep(path, st), let bytes = try? FileSystem.readFile(path),
                      let s = parse(bytes) else { continue }
                out.append((path, s))
            }
        }
        return out
    }

    /// Removes run files nobody holds any more (their runs ended). Each is tried with its lock on our own
    /// descriptor: harmless for a run file, which nothing else waits on (unlike a job lock). Files younger
    /// than a minute are left alone: one just created may not be locked yet. Not in front of a launch:
    /// the daemon sweeps at start and on a timer, `scheduler run` after its run.
    public static func removeStaleRunFiles(paths: StatePaths, now: Instant) {
        for name in (try? FileSystem.listDirectory(paths.runs)) ?? [] where name.hasSuffix(".lock") {
            let path = paths.runs + "/" + name
            guard let st = try? FileSystem.stat(path), now.nanoseconds - st.modificationTime > 60_000_000_000,
                  let lock = try? FileLock(path: path) else { continue }
            if (try? lock.tryLock()) == true { try? FileSystem.unlink(path) }
            try? lock.close()
        }
    }

    /// Takes a run file for `dyno` (an `overlap = "allow"` run or `scheduler run --no-lock`), so `scheduler ps`
    /// sees the run while the file's lock is held.
    public static func runFileLock(paths: StatePaths, dyno: String) -> FileLock? {
        guard (try? StateDirectories.ensure(paths.runtime)) != nil, (try? StateDirectories.ensure(paths.runs)) != nil,
              let lock = try? FileLock(path: paths.runFile(dyno)) else { return nil }
        guard (try? lock.tryLock()) == true else { try? lock.close(); return nil }
        return lock
    }
}
