/// How a job's process is started.
public enum JobCommand: Sendable, Equatable {
    /// A command line run by `shell… -c LINE`.
    case shell(String, shell: ShellProgram)
    /// An argv run directly, no shell.
    case exec([String])
}

/// What to do when a run is due while the previous one still runs.
public enum OverlapPolicy: String, Sendable, Equatable, CaseIterable {
    case skip, queue, replace, allow
}

/// Retry on failure or timeout: `attempts` more tries, delay grows by `factor` up to `maxDelay`.
public struct RetryPolicy: Sendable, Equatable {
    public var attempts: Int
    public var delay: Duration
    public var factor: Double
    public var maxDelay: Duration
    public init(attempts: Int = 0, delay: Duration = .seconds(10), factor: Double = 2, maxDelay: Duration = .seconds(600)) {
        self.attempts = attempts; self.delay = delay; self.factor = factor; self.maxDelay = maxDelay
    }
}

/// One `[jobs.NAME]` table after defaults were applied and every value checked.
public struct Job: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var command: JobCommand
    public var schedule: ScheduleSpec
    /// IANA zone name; nil means the system zone.
    public var timezone: String?
    public var directory: String?
    /// Variables in file order (later entries win).
    public var env: [(String, String)]
    public var envFile: String?
    public var timeout: Duration?
    /// Random delay in [0, jitter) added to each run.
    public var jitter: Duration?
    /// Stable per-host delay in [0, spread), from a hash of host name and job name.
    public var spread: Duration?
    public var retry: RetryPolicy
    public var overlap: OverlapPolicy
    public var catchUp: Bool
    public var enabled: Bool
    /// SIGTERM → SIGKILL grace on timeout/stop.
    public var killGrace: Duration
    public var onFailure: String?
    public var onSuccess: String?
    /// Run after a failed attempt that will be retried.
    public var onRetry: String? = nil
    /// Where cron-style mail about runs goes (sendmail recipients); nil or "" sends none.
    public var mailto: String? = nil
    public var mailOn: MailOn = .failure
    /// `cluster`: one run per slot across the nodes of `[cluster]`; `host` (and always without `[cluster]`,
    /// and for `@reboot`): runs on this machine without asking the database.
    public var scope: JobScope = .host

    public init(name: String, command: JobCommand, schedule: ScheduleSpec) {
        self.name = name; self.command = command; self.schedule = schedule
        description = nil; timezone = nil; directory = nil; env = []; envFile = nil
        timeout = nil; jitter = nil; spread = nil; retry = RetryPolicy(); overlap = .skip
        catchUp = false; enabled = true; killGrace = .seconds(10); onFailure = nil; onSuccess = nil
    }

    public static func == (a: Job, b: Job) -> Bool {
        a.name == b.name && a.description == b.description && a.command == b.command && a.schedule == b.schedule
            && a.timezone == b.timezone && a.directory == b.directory
            && a.env.map { [$0.0, $0.1] } == b.env.map { [$0.0, $0.1] } && a.envFile == b.envFile
            && a.timeout == b.timeout && a.jitter == b.jitter && a.spread == b.spread && a.retry == b.retry
            && a.overlap == b.overlap && a.catchUp == b.catchUp && a.enabled == b.enabled
            && a.killGrace == b.killGrace && a.onFailure == b.onFailure && a.onSuccess == b.onSuccess
            && a.onRetry == b.onRetry && a.mailto == b.mailto && a.mailOn == b.mailOn && a.scope == b.scope
    }
}

/// Which runs `mailto` gets mail about: failed ones, ones with output (cron's rule), or all.
public enum MailOn: String, Sendable, Equatable, CaseIterable {
    case failure, output, always
}

/// Daemon-wide settings from the `[daemon]` table.
public struct DaemonSettings: Sendable, Equatable {
    /// Rotate a log file when it passes this many bytes.
    public var logMaxBytes: Int = 10 * 1024 * 1024
    /// Rotated files kept.
    public var logFiles: Int = 5
    /// On SIGTERM, how long running jobs get before they are stopped.
    public var shutdownGrace: Duration = .seconds(30)
    /// Prometheus text file rewritten after each run (node_exporter's textfile collector); nil: none.
    public var metricsFile: String? = nil
    /// How long an on_failure/on_success/on_retry hook or a mail may take before it is killed.
    public var hookTimeout: Duration = .seconds(60)
    /// Copy job output lines to the daemon's stderr too; nil: unless stderr is a regular file.
    public var outputToStderr: Bool? = nil
    /// Run history older than this is dropped (a rotated journal file goes once its newest record is older).
    public var historyKeep: Duration = .seconds(30 * 86_400)
    /// The journal and its rotated files together stay under this; each file rotates at a tenth of it.
    public var historyMaxBytes: Int = 100 * 1024 * 1024
    public init() {}
}

/// A whole, valid `scheduler.toml`.
public struct Config: Sendable, Equatable {
    public var path: String
    public var daemon: DaemonSettings
    /// Jobs in file order.
    public var jobs: [Job]
    /// `[cluster]`: nil runs every job on this machine alone.
    public var cluster: ClusterSettings? = nil
    public init(path: String, daemon: DaemonSettings = DaemonSettings(), jobs: [Job] = []) {
        self.path = path; self.daemon = daemon; self.jobs = jobs
    }
    public func job(named name: String) -> Job? { jobs.first { $0.name == name } }
}
