import SchedulerCore
import StateFormats
import SystemCalls

/// The daemon's care of its memory: before the first sleep, and before a sleep of 30 s or more after real
/// work (a run started or ended, a reload, an operator command), it hands back the code pages touched
/// (ReadOnlyMappings) and the heap's free pages: idle, the daemon keeps only its data and the few pages a
/// quiet wake-up runs. Not after quiet wake-ups: each trim makes the next wake fault its code back in
/// (~200 minor faults, ~2 ms of CPU).
struct MemoryCare {
    /// Code mappings to unmap before a long sleep; chosen at the first sleep.
    private var readOnlyMappings: ReadOnlyMappings?
    private var workSinceTrim = false

    /// Something worth a trim before the next long sleep happened.
    mutating func noteWork() { workSinceTrim = true }

    /// Trims if due; `wake` is when the loop wakes next.
    mutating func trimBeforeSleep(now: Int64, wake: Instant?) {
        guard readOnlyMappings == nil || (workSinceTrim && (wake?.nanoseconds ?? .max) - now >= 30_000_000_000) else { return }
        workSinceTrim = false
        if readOnlyMappings == nil { readOnlyMappings = ReadOnlyMappings() }
        readOnlyMappings?.drop()
        Memory.releaseFreeHeap()
        Memory.resetPeakResidentSize()  // jobs' max_rss_kb starts at our size now, not at our start-up peak
    }
}

/// Tells a wall-clock step from a suspend: a step changes (realtime − boottime), a suspend does not.
struct ClockWatch {
    private var offset = SystemClock.realtime() - SystemClock.now(.boottime)

    /// How far the wall clock was set since the last look, when more than a second.
    mutating func jump(now: Instant) -> Duration? {
        let current = now.nanoseconds - SystemClock.now(.boottime)
        let delta = current - offset
        offset = current
        return abs(delta) > 1_000_000_000 ? .nanoseconds(delta) : nil
    }
}

/// Removes run files of ended runs every 10 minutes (and at the first sleep), after a step's launches,
/// never in front of one: a launch of an `overlap = "allow"` job used to scan them first.
struct RunFileSweep {
    static let interval: Int64 = 600_000_000_000
    private var next: Int64 = 0

    mutating func sweepIfDue(_ paths: StatePaths, now: Int64) {
        guard now >= next else { return }
        next = now + Self.interval
        RunState.removeStaleRunFiles(paths: paths, now: Instant(nanoseconds: now))
    }
}
