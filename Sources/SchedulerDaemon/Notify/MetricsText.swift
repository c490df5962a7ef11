import SchedulerCore
import StateFormats

/// What the metrics file says about jobs; kept by the daemon since it started.
public struct MetricsState: Sendable, Equatable {
    public struct PerJob: Sendable, Equatable {
        public var lastSuccess: Instant?
        public var lastDurationSeconds: Double?
        public var runs: [RunStatus: Int] = [:]
        public var running = 0
        public var nextDue: Instant?
        public init() {}
    }
    /// Job names in config order.
    public var order: [String] = []
    public var jobs: [String: PerJob] = [:]
    /// With `[cluster]`: whether the database answered last time, and claims won and lost since start.
    public var cluster: ClusterMetrics?
    public init() {}

    /// Takes the last success and duration from an older record (the journal at startup); counts stay 0.
    public mutating func remember(_ r: JournalRecord) {
        guard r.status != .skipped else { return }
        var j = jobs[r.job] ?? PerJob()
        j.lastDurationSeconds = r.durationSeconds
        if r.status == .succeeded { j.lastSuccess = r.endedAt }
        jobs[r.job] = j
    }

    /// Takes last successes and durations from every record of the journal file at `path` (the live one), read a
    /// chunk at a time: memory stays bounded whatever the file's size.
    mutating func remember(journal path: String) {
        _ = try? Journal.forEachChunk(path: path) { for r in $0 { remember(r) } }
    }

    /// Counts a finished (or skipped) attempt.
    public mutating func record(_ r: JournalRecord) {
        var j = jobs[r.job] ?? PerJob()
        j.runs[r.status, default: 0] += r.count ?? 1  // a stretch of skips counts each
        if r.status != .skipped { j.lastDurationSeconds = r.durationSeconds }
        if r.status == .succeeded { j.lastSuccess = r.endedAt }
        jobs[r.job] = j
    }
}

/// The cluster's part of the metrics file.
public struct ClusterMetrics: Sendable, Equatable {
    public var up: Bool
    public var claimsWon: Int
    public var claimsLost: Int
    public init(up: Bool, claimsWon: Int, claimsLost: Int) { self.up = up; self.claimsWon = claimsWon; self.claimsLost = claimsLost }
}

/// The Prometheus text exposition format (version 0.0.4), as node_exporter's textfile collector reads it.
public enum MetricsText {
    /// One HELP and TYPE block per metric, samples per job in config order.
    public static func render(_ state: MetricsState) -> String {
        var out = ""
        func block(_ name: String, _ type: String, _ help: String, _ samples: (String, MetricsState.PerJob) -> [(String, String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for job in state.order {
                for (labels, value) in samples(job, state.jobs[job] ?? .init()) {
                    out += "\(name){job=\"\(escape(job))\"\(labels)} \(value)\n"
                }
            }
        }
        block("scheduler_job_last_success_timestamp_seconds", "gauge", "Unix time the job's last successful run ended (0: none since the daemon started).") {
            [("", seconds($1.lastSuccess))]
        }
        block("scheduler_job_last_duration_seconds", "gauge", "Duration of the job's last finished attempt in seconds.") {
            $1.lastDurationSeconds.map { [("", format($0))] } ?? []
        }
        block("scheduler_job_runs_total", "counter", "Finished attempts by status since the daemon started.") { _, j in
            RunStatus.allCases.map { (",status=\"\($0.rawValue)\"", String(j.runs[$0] ?? 0)) }
        }
        block("scheduler_job_running", "gauge", "Runs of the job in progress.") { [("", String($1.running))] }
        block("scheduler_job_next_run_timestamp_seconds", "gauge", "Unix time the job's next run is due (0: none scheduled).") {
            [("", seconds($1.nextDue))]
        }
        if let c = state.cluster {
            out += "# HELP scheduler_cluster_up Whether the [cluster] database answered the last request (1) or not (0).\n"
            out += "# TYPE scheduler_cluster_up gauge\nscheduler_cluster_up \(c.up ? 1 : 0)\n"
            out += "# HELP scheduler_cluster_claims_total Slot claims this node won or lost to another node since the daemon started.\n"
            out += "# TYPE scheduler_cluster_claims_total counter\n"
            out += "scheduler_cluster_claims_total{result=\"won\"} \(c.claimsWon)\nscheduler_cluster_claims_total{result=\"lost\"} \(c.claimsLost)\n"
        }
        return out
    }

    /// Label values escape `\`, `"` and newline.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    static func seconds(_ t: Instant?) -> String {
        guard let t else { return "0" }
        return format(Double(t.nanoseconds) / 1e9)
    }

    /// Milliseconds precision, no exponent.
    static func format(_ x: Double) -> String {
        guard let ms = Checked.integer((x * 1000).rounded(), as: Int64.self) else { return x.isNaN ? "NaN" : x < 0 ? "-Inf" : "+Inf" }
        let whole = ms / 1000, frac = abs(ms % 1000)
        let f = String(frac)
        return "\(ms < 0 && whole == 0 ? "-" : "")\(whole).\(String(repeating: "0", count: 3 - f.count))\(f)"
    }
}
