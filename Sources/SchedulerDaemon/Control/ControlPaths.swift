import SchedulerCore
import SystemCalls

/// Files the operator commands share with the daemon, beside the ones in `StatePaths`.
extension StatePaths {
    /// Run files of runs that take no job lock (`overlap = "allow"`, `scheduler run --no-lock`).
    public var runs: String { runtime + "/runs" }
    /// The run file of one such run: `runs/JOB.N.lock`, flock'd by the job's process like a job lock.
    public func runFile(_ dyno: String) -> String { runs + "/" + dyno + ".lock" }
    /// Paused job names, one per line; read by the daemon at start and on every reload.
    public var pausedFile: String { state + "/paused" }
    /// The daemon's control socket, named like its instance lock (one daemon per config file).
    public func controlSocket(config: String) -> String {
        let lock = instanceLock(config: config)
        return String(lock.dropLast(5)) + ".sock"
    }
    /// The config path as the daemon names it: absolute, symlinks resolved (when it exists).
    public static func canonicalConfig(_ path: String) -> String { (try? FileSystem.realPath(path)) ?? path }
}
