import SchedulerCore
import SystemCalls

/// Where the daemon keeps state: journal, logs, locks (XDG base directories).
public struct StatePaths: Sendable, Equatable {
    /// `$XDG_STATE_HOME/scheduler`, default `~/.local/state/scheduler` (mode 0700).
    public var state: String
    /// `$XDG_RUNTIME_DIR/scheduler`, or `STATE/run` when there is no runtime dir.
    public var runtime: String

    /// Why no state directory could be chosen (no HOME, no passwd entry, no XDG_STATE_HOME); callers refuse.
    public var problem: String?

    public init(state: String, runtime: String) { self.state = state; self.runtime = runtime }

    /// Resolves from an environment; relative XDG values are ignored, as the spec says. Without `HOME` the
    /// home comes from the passwd entry (`passwdHome`), never a shared directory such as /tmp; without
    /// either, `problem` says so and the paths point nowhere usable.
    public init(environment env: [String: String], passwdHome: () -> String? = StatePaths.passwdHome) {
        func absolute(_ k: String) -> String? { env[k].flatMap { $0.hasPrefix("/") ? $0 : nil } }
        let home = absolute("HOME") ?? passwdHome().flatMap { $0.hasPrefix("/") && $0 != "/" ? $0 : nil }
        if let base = absolute("XDG_STATE_HOME") ?? home.map({ $0 + "/.local/state" }) {
            state = base + "/scheduler"
        } else {
            state = "/nonexistent/scheduler-has-no-home"
            problem = "no state directory: HOME is not set, your account has no home directory, and XDG_STATE_HOME is not set"
        }
        runtime = absolute("XDG_RUNTIME_DIR").map { $0 + "/scheduler" } ?? state + "/run"
    }

    /// The effective user's home directory from the passwd database.
    public static func passwdHome() -> String? {
        (try? CurrentProcess.account(CurrentProcess.effectiveUserID))??.homeDirectory
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
