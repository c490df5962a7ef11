import SchedulerCore
import StateFormats
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

/// One journal line: a finished (or skipped) attempt. Its fields are StateFormats' `JournalLine` (the on-disk
/// record, read back checked), reached through this type: `job`, `run`, `attempt`, `exitCode`, `signal`,
/// `cpuSeconds`, `maxRSSKB`, `pid`, `count` (a stretch of skipped slots: how many; `run` and `attempt` are 0,
/// written as null) and `node` (the `[cluster]` node that ran it; nil without `[cluster]`, not written) as they
/// are; times as `Instant`s and the status as a `RunStatus` here.
@dynamicMemberLookup
public struct JournalRecord: Sendable, Equatable {
    public var line: JournalLine

    @inlinable public subscript<T>(dynamicMember field: WritableKeyPath<JournalLine, T>) -> T {
        get { line[keyPath: field] }
        set { line[keyPath: field] = newValue }
    }
    public var scheduledAt: Instant {
        get { Instant(nanoseconds: line.scheduledAt) }
        set { line.scheduledAt = newValue.nanoseconds }
    }
    public var startedAt: Instant {
        get { Instant(nanoseconds: line.startedAt) }
        set { line.startedAt = newValue.nanoseconds }
    }
    public var endedAt: Instant {
        get { Instant(nanoseconds: line.endedAt) }
        set { line.endedAt = newValue.nanoseconds }
    }
    /// A line's status is one of ours (JournalLine checks it when reading).
    public var status: RunStatus {
        get { RunStatus(rawValue: line.status) ?? .unknown }
        set { line.status = newValue.rawValue }
    }
    /// The first slot of a stretch of skips (`scheduledAt` is the last); nil for every other record.
    public var firstScheduledAt: Instant? {
        get { line.firstScheduledAt.map(Instant.init(nanoseconds:)) }
        set { line.firstScheduledAt = newValue?.nanoseconds }
    }
    public var durationSeconds: Double { (endedAt - startedAt).secondsDouble }
    /// One record for several skipped slots.
    public var isSkipStretch: Bool { line.count != nil }

    /// The record of `count` skipped slots from `first` to `last`, skipped at `firstAt` … `lastAt`.
    public static func skipStretch(job: String, count: Int, first: Instant, last: Instant, firstAt: Instant, lastAt: Instant) -> JournalRecord {
        var r = JournalRecord(job: job, run: 0, attempt: 0, scheduledAt: last, startedAt: firstAt, endedAt: lastAt, status: .skipped)
        r.count = count; r.firstScheduledAt = first
        return r
    }

    /// A record from a checked journal line.
    public init(_ line: JournalLine) { self.line = line }

    public init(job: String, run: Int, attempt: Int, scheduledAt: Instant, startedAt: Instant, endedAt: Instant,
                status: RunStatus, exitCode: Int32? = nil, signal: Int32? = nil, cpuSeconds: Double = 0,
                maxRSSKB: Int = 0, pid: Int32? = nil) {
        line = JournalLine(job: job, run: run, attempt: attempt, scheduledAt: scheduledAt.nanoseconds, startedAt: startedAt.nanoseconds,
                           endedAt: endedAt.nanoseconds, status: status.rawValue, exitCode: exitCode, signal: signal,
                           cpuSeconds: cpuSeconds, maxRSSKB: maxRSSKB, pid: pid)
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
    /// Not started yet (no file descriptor free): the runtime tries again and then calls `runStarted` or
    /// `launchFailed`; until then the run is starting.
    case deferred
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
