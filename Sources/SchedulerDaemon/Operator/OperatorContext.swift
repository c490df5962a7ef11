import SchedulerCore
import SystemCalls

/// What every operator command resolves the same way as the daemon: config path, state paths, zone.
public struct OperatorContext {
    public let environment: [String: String]
    public let configPath: String
    public let paths: StatePaths

    /// What to tell an operator who needs a daemon and has none.
    public static let startHint = "start it with 'scheduler daemon', or install the service with 'scheduler install'"

    public init(configFlag: String?, environment: [String: String]) {
        self.environment = environment
        configPath = ConfigLocation.resolve(flag: configFlag, environment: environment)
        // Where the daemon of this config keeps its socket and locks (it may have moved to STATE/run).
        paths = StatePaths(environment: environment).locatingDaemon(config: configPath)
    }

    /// The local zone ($TZ, else /etc/localtime).
    public var zone: TimeZoneRules { TimeZoneRules.system(environment: environment) }

    /// Colour on `fd`: only on a terminal, never with NO_COLOR or TERM=dumb.
    public func color(fd: Int32) -> Bool {
        FileDescriptor(rawValue: fd).isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// The config, checked like the daemon checks it.
    public func loadConfig() -> ConfigLoadResult {
        ConfigLoader(environment: environment, userID: CurrentProcess.effectiveUserID).check(path: configPath)
    }

    /// The daemon running this config, from its instance lock; nil when none holds it.
    public func daemon() -> DaemonInfo? {
        let path = paths.instanceLock(config: StatePaths.canonicalConfig(configPath))
        guard FileSystem.exists(path), LockProbe().isHeld(path), let owner = FileLock.readOwner(path: path) else { return nil }
        return DaemonInfo(pid: owner.pid, startedAt: Instant(seconds: owner.startedAt), config: owner.note)
    }
}

/// A running daemon as its instance lock describes it.
public struct DaemonInfo: Sendable, Equatable {
    public var pid: Int32
    public var startedAt: Instant
    public var config: String
}
