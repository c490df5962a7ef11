import SchedulerCore
import SystemCalls

extension Notifications {
    /// The metrics as of now: counts so far, plus running runs and next due times from the engine.
    func metricsSnapshot(config: Config, engine: Engine) -> MetricsState {
        var m = metrics
        m.order = config.jobs.map(\.name)
        var running: [String: Int] = [:]
        for id in engine.runningIDs { running[id.job, default: 0] += 1 }
        for name in m.order {
            var j = m.jobs[name] ?? .init()
            j.running = running[name] ?? 0
            j.nextDue = engine.nextDue(of: name)
            m.jobs[name] = j
        }
        return m
    }

    /// Rewrites `metrics_file` (temp file, then rename) when what it says changed; a failure is logged once.
    func writeMetrics(_ input: MetricsInput) -> [LogLine] {
        guard let path = input.config.daemon.metricsFile else { return [] }
        if !metricsSeeded {
            // Last success times survive restarts (alerts compare them with now); read once, only when needed.
            metricsSeeded = true
            metrics.remember(journal: input.journal)
        }
        // Cheap check first: runs recorded, runs in progress, jobs; the full snapshot is O(jobs).
        let c = input.cluster
        let mark = [metricsRecorded, input.running, input.config.jobs.count, c.map { $0.up ? 1 : 0 } ?? -1, c?.claimsWon ?? 0, c?.claimsLost ?? 0]
        guard mark != metricsMark else { return [] }
        metricsMark = mark
        var m = metricsSnapshot(config: input.config, engine: input.engine)
        m.cluster = input.cluster
        guard m != metricsWritten else { return [] }
        metricsWritten = m  // on failure too: don't retry every loop; the next change tries again
        do {
            try FileSystem.writeFileAtomically(path, Array(MetricsText.render(m).utf8), permissions: 0o644)
            metricsError = nil
        } catch {
            let message = "Can't write the metrics file \(path): \(error)"
            guard message != metricsError else { return [] }
            metricsError = message
            return [LogLine(time: Instant(nanoseconds: SystemClock.realtime()), dyno: "scheduler", message: message)]
        }
        return []
    }
}

/// What the metrics file is made of: the config, the engine's view of runs, the journal for last successes.
struct MetricsInput {
    var config: Config
    var engine: Engine
    var running: Int
    var journal: String
    var cluster: ClusterMetrics? = nil
}
