import SchedulerCore
import SystemCalls

/// One daemon per user, whatever its config: state is per user like a crontab (job locks, run numbers and
/// history are keyed by job name), so a second daemon with another config would share them and steal
/// "its" locks. An flock'd `STATE/daemon.lock` naming the holder's pid and config.
enum UserDaemonLock {
    static func path(_ paths: StatePaths) -> String { paths.state + "/daemon.lock" }

    /// Takes the lock for the daemon of `config` (absolute); a `DaemonStartError` (status 1) naming the
    /// running daemon and how to combine apps when another holds it.
    static func take(paths: StatePaths, config: String) throws -> FileLock {
        let path = path(paths)
        let lock: FileLock
        do {
            try StateDirectories.ensure(paths.state)
            lock = try FileLock(path: path)
            guard try lock.tryLock() else {
                try? lock.close()
                throw refusal(owner: FileLock.readOwner(path: path), config: config)
            }
            try lock.writeOwner(.init(pid: CurrentProcess.id, startedAt: SystemClock.realtime() / 1_000_000_000, note: config))
        } catch let e as DaemonStartError { throw e } catch {
            throw DaemonStartError(status: 1, message: "can't take the daemon lock \(path): \(error)")
        }
        return lock
    }

    static func refusal(owner: FileLock.Owner?, config: String) -> DaemonStartError {
        let pid = owner.map { " (pid \($0.pid))" } ?? ""
        let theirs = owner?.note ?? "?"
        if theirs == config { return DaemonStartError(status: 1, message: "another scheduler daemon\(pid) is already running \(config)") }
        return DaemonStartError(status: 1, message: """
            another scheduler daemon\(pid) is already running for this user, with config \(theirs)
            hint: one daemon per user runs all of its jobs (they share locks, run numbers and history by job name). \
            Put both apps' jobs in one config, named per app ([jobs."shop.cleanup"], [jobs."blog.cleanup"]), \
            and stop this one; or run the other app as another user
            """)
    }
}
