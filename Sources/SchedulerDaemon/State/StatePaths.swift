import SchedulerCore

/// Where the daemon keeps state: journal, logs, locks (XDG base directories).
public struct StatePaths: Sendable, Equatable {
    /// `$XDG_STATE_HOME/scheduler`, default `~/.local/state/scheduler` (mode 0700).
    public var state: String
    /// `$XDG_RUNTIME_DIR/scheduler`, or `STATE/run` when there is no runtime dir.
    public var runtime: String

    public init(state: String, runtime: String) { self.state = state; self.runtime = runtime }

    /// Resolves from an environment; relative XDG values are ignored, as the spec says.
    public init(environment env: [String: String]) {
        func absolute(_ k: String) -> String? { env[k].flatMap { $0.hasPrefix("/") ? $0 : nil } }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        state = (absolute("XDG_STATE_HOME") ?? home + "/.local/state") + "/scheduler"
        runtime = absolute("XDG_RUNTIME_DIR").map { $0 + "/scheduler" } ?? state + "/run"
    }

    public var journal: String { state + "/history.jsonl" }
    /// What start-up needs from the history (HistoryState), beside the journal.
    public var historyState: String { state + "/history.state" }
    public var logDirectory: String { state + "/logs" }
    public var log: String { logDirectory + "/scheduler.log" }
    public var locks: String { runtime + "/locks" }
    public func lock(job: String) -> String { locks + "/" + job + ".lock" }
    /// One daemon per config file: the lock name is derived from the config's absolute path.
    public func instanceLock(config: String) -> String {
        let h = String(Delays.fnv1a(config), radix: 16)
        return runtime + "/daemon-" + h + ".lock"
    }
}
