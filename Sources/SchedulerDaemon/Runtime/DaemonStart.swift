import SchedulerCore
import StateFormats
import SystemCalls

/// How `scheduler daemon` was started.
public struct DaemonOptions: Sendable {
    /// The config file (already resolved from --config / $SCHEDULER_CONFIG / XDG).
    public var configPath: String
    public var environment: [String: String]
    /// Also write log lines to stderr (journald picks them up under systemd).
    public var logToStderr: Bool
    /// Makes the store `[cluster]` coordinates through; nil: PostgreSQL (tests pass their own).
    public var clusterStore: (@Sendable (ClusterSettings) throws -> any ClusterStore)?
    public init(configPath: String, environment: [String: String], logToStderr: Bool = true,
                clusterStore: (@Sendable (ClusterSettings) throws -> any ClusterStore)? = nil) {
        self.configPath = configPath; self.environment = environment; self.logToStderr = logToStderr
        self.clusterStore = clusterStore
    }
}

/// The daemon could not start: message for stderr and the exit status.
public struct DaemonStartError: Error, CustomStringConvertible {
    public var status: Int32
    public var message: String
    public var description: String { message }
}

/// What the daemon settles before its loop starts: its lock, how it binds schedules, where job output goes.
extension DaemonRuntime {
    /// Binds a job's schedule to its zone (or the system zone), as `list` and `next` do (`JobTimeline`).
    static func compile(_ job: Job, systemZone: TimeZoneRules) -> (any Schedule)? {
        guard let zone = try? JobTimeline.zone(of: job, system: systemZone) else { return nil }
        return JobTimeline(job, zone: zone, spreadKey: "").schedule
    }

    /// Job output is copied to stderr (a terminal, the journal, a pipe to a log collector) unless stderr is
    /// a regular file: there it would grow without the log's rotation and halve a chatty job's throughput.
    static func outputToStderr(_ d: DaemonSettings) -> Bool {
        d.outputToStderr ?? ((try? FileDescriptor.standardError.status())?.isRegularFile != true)
    }

    /// One daemon per config: an flock'd file in the runtime dir, naming our pid. Also returns who had it before.
    static func takeInstanceLock(paths: StatePaths, config: String) throws -> (FileLock, FileLock.Owner?) {
        let absolute = (try? FileSystem.realPath(config)) ?? config
        let path = paths.instanceLock(config: absolute)
        do {
            try StateDirectories.ensure(paths.runtime)
            let lock = try FileLock(path: path)
            guard try lock.tryLock() else {
                try? lock.close()
                let pid = FileLock.readOwner(path: path).map { " (pid \($0.pid))" } ?? ""
                throw DaemonStartError(status: 1, message: "another scheduler daemon\(pid) is already running \(absolute)")
            }
            let previous = FileLock.readOwner(path: path)
            try lock.writeOwner(.init(pid: CurrentProcess.id, startedAt: SystemClock.realtime() / 1_000_000_000, note: absolute))
            return (lock, previous)
        } catch let e as DaemonStartError { throw e } catch {
            throw DaemonStartError(status: 1, message: "can't take the daemon lock \(path): \(error)")
        }
    }
}
