import SchedulerCore
import SystemCalls

/// The end of one attempt as it is journalled and logged: the daemon's engine and `scheduler run` both
/// record through this, so their status words and messages cannot drift apart.
public struct AttemptEnd: Sendable, Equatable {
    public var record: JournalRecord
    /// Log lines, in order: how the process ended, then its state change.
    public var messages: [String]

    /// `pid` is nil when the process never started (its state goes from "starting", not "up").
    init(_ id: RunID, scheduledAt: Instant, startedAt: Instant, endedAt: Instant, exit: ExitStatus,
         usage: ResourceUsage, stopReason: StopReason?, pid: Int32?) {
        let status = AttemptEnd.classify(exit, stopReason: stopReason)
        record = JournalRecord(job: id.job, run: id.run, attempt: id.attempt, scheduledAt: scheduledAt,
                               startedAt: startedAt, endedAt: endedAt, status: status,
                               cpuSeconds: usage.cpuSeconds, maxRSSKB: Int(usage.maxResidentKiB), pid: pid)
        switch exit {
        case .exited(let c): record.exitCode = c; messages = ["Process exited with status \(c)"]
        case .signaled(let s): record.signal = s; messages = ["Process exited on signal \(s) (\(Signal(rawValue: s).name))"]
        case .spawnFailed(let m): messages = ["Process failed to start: \(m)"]
        }
        let state = [RunStatus.succeeded: "complete", .timedOut: "timed out"][status] ?? "crashed"
        messages.append("State changed from \(pid == nil ? "starting" : "up") to \(state)")
    }

    /// The journal's status word: a run the engine stopped is `killed` (`timed_out` for its timeout).
    static func classify(_ exit: ExitStatus, stopReason: StopReason?) -> RunStatus {
        if stopReason == .timeout { return .timedOut }
        switch exit {
        case .exited(0): return stopReason == nil ? .succeeded : .killed
        case .exited, .spawnFailed: return stopReason == nil ? .failed : .killed
        case .signaled: return .killed
        }
    }
}

extension ExitStatus {
    /// How a reaped process ended, in the journal's terms: the one conversion of a wait status.
    public init(_ t: TerminationStatus) {
        switch t {
        case .exited(let code): self = .exited(code)
        case .signaled(let s, _): self = .signaled(s.rawValue)
        }
    }

    /// The shell's convention for `$?`: the exit code, or 128 + the signal number; 1 when it never started.
    public var shellCode: Int32 {
        switch self {
        case .exited(let c): return c
        case .signaled(let n): return 128 + n
        case .spawnFailed: return 1
        }
    }
}
