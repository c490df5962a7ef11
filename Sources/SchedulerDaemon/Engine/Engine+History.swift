import SchedulerCore

extension Engine {
    /// Run numbers taken so far per job, recorded or not (queued and running runs have theirs), for the
    /// history state file: numbers are never used twice, even after a job is removed and added again.
    public var lastRuns: [String: JobHistory] {
        var out = retiredRuns.mapValues { JobHistory(lastRun: $0) }
        for st in jobs.values { out[st.job.name] = JobHistory(lastRun: st.lastRun) }
        return out
    }
}
