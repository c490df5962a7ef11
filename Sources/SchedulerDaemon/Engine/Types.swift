import SchedulerCore
import SystemCalls

/// Identifies one attempt of one run of a job: `greeting.12`, attempt 2.
public struct RunID: Hashable, Sendable, CustomStringConvertible {
    public var job: String
    public var run: Int
    public var attempt: Int
    public init(job: String, run: Int, attempt: Int) { self.job = job; self.run = run; self.attempt = attempt }
    /// The Heroku-style dyno name used in log lines: `greeting.12`.
    public var dyno: String { "\(job).\(run)" }
    public var description: String { attempt > 1 ? "\(dyno) (attempt \(attempt))" : dyno }
}

/// How a finished attempt ended, as journalled.
public enum RunStatus: String, Sendable, Equatable, CaseIterable {
    case succeeded, failed, timedOut = "timed_out", killed, skipped
    /// Started by a daemon that died without waiting for it (kill -9, OOM): it ended, how is not known.
    case unknown
}

/// What the process did, as reported by wait4 (or why it never started).
public enum ExitStatus: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
    /// spawn itself failed (bad directory, missing program, unreadable env_file…).
    case spawnFailed(String)
}

/// Everything the runtime needs to start one attempt.
public struct LaunchRequest: Sendable, Equatable {
    public var job: Job
    public var id: RunID
    public var scheduledAt: Instant
    /// False for `overlap = "allow"`: no per-job lock is taken.
    public var takeLock: Bool
}

/// One line for the scheduler log: who says it and what.
public struct LogLine: Sendable, Equatable {
    public enum Source: String, Sendable { case scheduler, app }
    public var time: Instant
    public var source: Source
    /// `greeting.12`, or `scheduler` for daemon-wide lines.
    public var dyno: String
    public var message: String
    public init(time: Instant, source: Source = .scheduler, dyno: String, message: String) {
        self.time = time; self.source = source; self.dyno = dyno; self.message = message
    }
}

/// One journal line: a finished (or skipped) attempt. Field names follow the on-disk JSON keys.
public struct JournalRecord: Sendable, Equatable {
    public var job: String
    public var run: Int
    public var attempt: Int
    public var scheduledAt: Instant
    public var startedAt: Instant
    public var endedAt: Instant
    public var status: RunStatus
    public var exitCode: Int32?
    public var signal: Int32?
    public var cpuSeconds: Double
    public var maxRSSKB: Int
    public var pid: Int32?
    /// A stretch of skipped slots folded into one record (`run` and `attempt` 0, written as null): how many,
    /// and the first slot (`scheduledAt` is the last). Nil for every other record.
    public var count: Int?
    public var firstScheduledAt: Instant?
    /// The `[cluster]` node whose daemon (or `scheduler run`) ran it; nil without `[cluster]` (not written).
    public var node: String?
    public var durationSeconds: Double { (endedAt - startedAt).secondsDouble }
    /// One record for several skipped slots.
    public var isSkipStretch: Bool { count != nil }

    /// The record of `count` skipped slots from `first` to `last`, skipped at `firstAt` … `lastAt`.
    public static func skipStretch(job: String, count: Int, first: Instant, last: Instant, firstAt: Instant, lastAt: Instant) -> JournalRecord {
        var r = JournalRecord(job: job, run: 0, attempt: 0, scheduledAt: last, startedAt: firstAt, endedAt: lastAt, status: .skipped)
        r.count = count; r.firstScheduledAt = first
        return r
    }

    public init(job: String, run: Int, attempt: Int, scheduledAt: Instant, startedAt: Instant, endedAt: Instant,
                status: RunStatus, exitCode: Int32? = nil, signal: Int32? = nil, cpuSeconds: Double = 0,
                maxRSSKB: Int = 0, pid: Int32? = nil) {
        self.job = job; self.run = run; self.attempt = attempt; self.scheduledAt = scheduledAt
        self.startedAt = startedAt; self.endedAt = endedAt; self.status = status; self.exitCode = exitCode
        self.signal = signal; self.cpuSeconds = cpuSeconds; self.maxRSSKB = maxRSSKB; self.pid = pid
    }
}

/// What the engine asks the runtime to do.
public enum Action: Sendable, Equatable {
    case launch(LaunchRequest)
    /// Claim these slot attempts of cluster jobs in the database; answer with `claimResolved`.
    case claim(SlotClaim)
    /// Send this signal to the run's process group (a step of its `Teardown`).
    case signal(RunID, Signal)
    /// Journal this attempt; `willRetry` when the engine planned another attempt of the run (hooks: on_retry).
    case record(JournalRecord, willRetry: Bool = false)
    case log(LogLine)
    /// Wake up at this instant at the latest (the runtime may wake earlier).
    case sleepUntil(Instant)
    /// Shutdown finished: every run ended and was recorded.
    case finished
}

/// Why a launch did not produce a process.
public enum LaunchFailure: Sendable, Equatable {
    /// The job's lock is held, e.g. by a run started by an earlier daemon: treated as still running.
    case locked
    /// spawn failed; counts as a failed attempt.
    case error(String)
}

/// What became of one `.launch`: the runtime's answer, fed back to the engine by `step`.
public enum LaunchOutcome: Sendable, Equatable {
    case started(pid: Int32)
    case failed(LaunchFailure)
}

/// What `triggerNow` did with an operator's request to run a job now.
public enum TriggerResult: Sendable, Equatable {
    /// A `.launch` for this attempt is queued.
    case started(RunID)
    /// Waits for the running run to end (overlap queue/replace) under this run number.
    case queued(run: Int)
    /// Skipped (overlap skip; recorded with the job's stretch of skips): the job is busy, running since
    /// `busySince` (nil: a retry is pending).
    case skipped(busySince: Instant?)
    /// A cluster job: its slot is being claimed; it starts here only if this node wins it.
    case claiming
    case refused(TriggerRefusal)
}

/// Why `triggerNow` started nothing.
public enum TriggerRefusal: Sendable, Equatable {
    case unknownJob, disabled, shuttingDown
}

/// What the journal remembers of a job at startup.
public struct JobHistory: Sendable, Equatable {
    /// Highest run number ever used (run numbers continue from it).
    public var lastRun: Int
    /// Slot of the most recent run that was not skipped, for catch-up.
    public var lastScheduledAt: Instant?
    public init(lastRun: Int = 0, lastScheduledAt: Instant? = nil) { self.lastRun = lastRun; self.lastScheduledAt = lastScheduledAt }
}
