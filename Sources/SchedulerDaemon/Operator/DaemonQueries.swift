import SchedulerCore
import SystemCalls

/// What operator commands ask a running daemon over its control socket.
extension OperatorContext {
    /// This user's daemon, whatever its config (one runs per user; `STATE/daemon.lock` names its config).
    public func userDaemon() -> DaemonInfo? {
        let path = UserDaemonLock.path(paths)
        guard FileSystem.exists(path), LockProbe().isHeld(path), let owner = FileLock.readOwner(path: path) else { return nil }
        return DaemonInfo(pid: owner.pid, startedAt: Instant(seconds: owner.startedAt), config: owner.note)
    }

    /// Retries waiting for their time and queued runs of this user's daemon; empty when none runs or it
    /// can't answer (an older daemon, a busy one: `ps` still shows what runs).
    public func pendingStarts() -> [PendingStart] {
        guard let d = userDaemon(),
              let reply = try? ControlClient.request("pending", paths: paths, config: d.config, timeout: 3_000_000_000) else { return [] }
        return ControlViews.decodePending(reply)
    }

    /// The jobs the daemon of this config runs; nil when none runs or it does not answer.
    public func daemonJobs() -> [PlannedJob]? {
        guard let reply = try? ControlClient.request("jobs", paths: paths, config: configPath, timeout: 5_000_000_000) else { return nil }
        return ControlViews.decodeJobs(reply)
    }
}

extension PendingStart {
    /// "retrying (attempt 2 of 3 at 10:42:07)" or "queued (starts when the run up ends)".
    public func describe(zone: TimeZoneRules) -> String {
        guard kind == .retrying else { return "queued (starts when the run up ends)" }
        let clock = at.map { " at " + String(HumanTime.local($0, zone: zone).suffix(8)) } ?? ""
        return "retrying (attempt \(attempt) of \(attempts)\(clock))"
    }
}
