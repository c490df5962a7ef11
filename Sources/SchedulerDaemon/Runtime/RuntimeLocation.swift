import SchedulerCore
import SystemCalls

/// Where locks and the control socket live when `$XDG_RUNTIME_DIR` can't hold them: logind removes it at
/// logout (without lingering), and an unset, missing or foreign one is no place for them either. Then
/// the state directory's `run/` takes its place; clients look in both.
extension StatePaths {
    /// `STATE/run`: the runtime directory without a usable `$XDG_RUNTIME_DIR`.
    public var fallbackRuntime: String { state + "/run" }

    /// The runtime directories a daemon's files may be in: the configured one, then the fallback.
    public var runtimeCandidates: [String] { runtime == fallbackRuntime ? [runtime] : [runtime, fallbackRuntime] }

    /// These paths with `runtime` set to `dir`.
    public func withRuntime(_ dir: String) -> StatePaths { var p = self; p.runtime = dir; return p }

    /// These paths, with the fallback when the runtime dir's parent (`$XDG_RUNTIME_DIR`) is missing or not
    /// a directory of ours (we never create or trust it); the reason when so.
    public func checkingRuntime(userID: UInt32 = CurrentProcess.effectiveUserID) -> (paths: StatePaths, problem: String?) {
        guard runtime != fallbackRuntime else { return (self, nil) }
        let xdg = FileSystem.parentDirectory(of: runtime)
        guard let st = try? FileSystem.lstat(xdg) else { return (withRuntime(fallbackRuntime), "\(xdg) does not exist") }
        guard st.isDirectory, st.userID == userID else {
            return (withRuntime(fallbackRuntime), "\(xdg) is not a directory of yours")
        }
        return (self, nil)
    }

    /// For operator commands: the runtime dir where the daemon of `config` runs (its instance lock is held
    /// there), so they meet its socket and locks even after it moved; else `checkingRuntime()`.
    public func locatingDaemon(config: String) -> StatePaths {
        let name = FileSystem.baseName(of: instanceLock(config: StatePaths.canonicalConfig(config)))
        let probe = LockProbe()
        for dir in runtimeCandidates where FileSystem.exists(dir + "/" + name) && probe.isHeld(dir + "/" + name) {
            return withRuntime(dir)
        }
        return checkingRuntime().paths
    }
}

extension DaemonRuntime {
    /// The runtime watcher saw the socket's name or directory change. A removed directory is handled at
    /// once; a socket gone from a directory still there a moment later (not an `rm -r` under way, which
    /// our new socket would keep from finishing) is looked at again in half a second.
    func runtimeChanged(now: Instant) {
        _ = try? runtimeWatcher?.readChanges()
        if (try? FileSystem.lstat(paths.runtime)) == nil { return watchRuntime(now: now) }
        if control.map({ (try? FileSystem.lstat($0.path)) == nil }) == true { runtimeCheckAt = runtimeCheckAt ?? now + .milliseconds(500) }
    }

    /// Before each step: when the runtime directory vanished (or, once `runtimeCheckAt` is due, the socket
    /// in it), recreate it where we may, else move to the fallback; take the instance lock and the control
    /// socket there. Said once.
    func watchRuntime(now: Instant) {
        let dirGone = (try? FileSystem.lstat(paths.runtime)) == nil
        let checkSocket = runtimeCheckAt.map { $0 <= now } ?? false
        if checkSocket { runtimeCheckAt = nil }
        guard dirGone || (checkSocket && control.map { (try? FileSystem.lstat($0.path)) == nil } == true) else { return }
        if dirGone {
            let (moved, problem) = configuredPaths.checkingRuntime()
            let message = moved.runtime == paths.runtime
                ? "The runtime directory \(paths.runtime) was removed; recreated it (locks, control socket)"
                : (problem.map { "\($0) (a logout without lingering?)" } ?? "The runtime directory \(paths.runtime) was removed")
                    + ": locks and the control socket are now in \(moved.runtime); clients look there too"
            paths = moved
            for dir in [paths.runtime, paths.locks, paths.runs] { try? StateDirectories.ensure(dir) }
            if let taken = try? DaemonRuntime.takeInstanceLock(paths: paths, config: options.configPath) {
                try? instanceLock.close()
                instanceLock = taken.0
            }
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: message))
        }
        control?.close()
        control = nil
        openControlSocket(now: now)
    }
}
