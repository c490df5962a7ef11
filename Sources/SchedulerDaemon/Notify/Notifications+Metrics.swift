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
    func writeMetrics(_ rt: DaemonRuntime) {
        guard let path = rt.config.daemon.metricsFile else { return }
        if !metricsSeeded {
            // Last success times survive restarts (alerts compare them with now); read once, only when needed.
            metricsSeeded = true
            for r in (try? Journal.readAll(path: rt.paths.journal).records) ?? [] { metrics.remember(r) }
        }
        // Cheap check first: runs recorded, runs in progress, jobs; the full snapshot is O(jobs).
        let mark = [metricsRecorded, rt.processes.count, rt.config.jobs.count]
        guard mark != metricsMark else { return }
        metricsMark = mark
        let m = metricsSnapshot(config: rt.config, engine: rt.engine)
        guard m != metricsWritten else { return }
        do {
            try FileSystem.writeFileAtomically(path, Array(MetricsText.render(m).utf8), permissions: 0o644)
            metricsWritten = m
            metricsError = nil
        } catch {
            let message = "Can't write the metrics file \(path): \(error)"
            if message != metricsError {
                rt.pendingLogs.append(LogLine(time: Instant(nanoseconds: SystemClock.realtime()), dyno: "scheduler", message: message))
                metricsError = message
            }
            metricsWritten = m  // don't retry every loop; the next change tries again
        }
    }
}
