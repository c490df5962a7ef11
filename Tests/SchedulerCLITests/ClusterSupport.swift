#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresTestSupport
import SystemCalls
import Testing

/// Helpers of the `[cluster]` daemon tests: configs for nodes, what their histories and the slot table
/// say. Tests that share the process's server (`PrivatePostgres.shared()`) each use their own `[cluster] name`.
enum ClusterTest {
    /// A config of one node: `[cluster]` with `url`, `node`, `name`, `lease` and `extra` keys, then `jobs`.
    static func config(url: String, cluster: String, node: String, lease: String = "6s", extra: String = "",
                       jobs: String) -> String {
        """
        [cluster]
        url = "\(url)"
        node = "\(toml(node))"
        name = "\(toml(cluster))"
        lease = "\(lease)"
        \(extra)

        [defaults]
        timezone = "UTC"

        \(jobs)
        """
    }

    static func config(_ db: PrivatePostgres, cluster: String, node: String, lease: String = "6s", extra: String = "",
                       jobs: String) -> String {
        config(url: db.url, cluster: cluster, node: node, lease: lease, extra: extra, jobs: jobs)
    }

    /// Text inside a TOML basic string.
    static func toml(_ s: String) -> String {
        var out = ""
        for c in s { out += c == "\\" ? "\\\\" : c == "\"" ? "\\\"" : String(c) }
        return out
    }

    /// Text inside an SQL string literal (standard_conforming_strings: only ' is special).
    static func sql(_ s: String) -> String {
        var out = ""
        for c in s { out += c == "'" ? "''" : String(c) }
        return out
    }

    /// `job@scheduled_at` of every record in a sandbox's history with one of `statuses`.
    static func history(_ box: CLISandbox, statuses: Set<String> = ["succeeded"]) -> [String] {
        records(box).filter { statuses.contains($0["status"] ?? "") }.compactMap { r in
            guard let job = r["job"], let at = r["scheduled_at"] else { return nil }
            return job + "@" + at
        }
    }

    /// The string fields of every history record (numbers and nulls are left out).
    static func records(_ box: CLISandbox) -> [[String: String]] {
        box.read(box.state + "/history.jsonl").split(separator: "\n").map { line in
            var out: [String: String] = [:]
            for key in ["job", "status", "scheduled_at", "started_at", "ended_at", "node"] { out[key] = field(line, key) }
            return out
        }
    }

    static func field(_ line: Substring, _ key: String) -> String? {
        guard let r = line.firstRange(of: "\"\(key)\":\"") else { return nil }
        return String(line[r.upperBound...].prefix { $0 != "\"" })
    }

    /// A history with one run of `job` in 1970: with `every = "366d"` and `catch_up = true` its daemon
    /// claims a catch-up slot as soon as it starts.
    static func seedOldRun(_ box: CLISandbox, job: String) throws {
        let record = #"{"job":"\#(job)","run":1,"attempt":1,"scheduled_at":"1970-01-01T00:16:40+00:00","started_at":"1970-01-01T00:16:40+00:00","ended_at":"1970-01-01T00:16:41+00:00","status":"succeeded","exit_code":0,"signal":null,"cpu_seconds":0.1,"max_rss_kb":1,"pid":10}"#
        try FileSystem.makeDirectories(box.state, permissions: 0o700)
        try FileSystem.writeFileAtomically(box.state + "/history.jsonl", Array((record + "\n").utf8), permissions: 0o600)
    }

    /// SIGTERM, then waits for the daemon's exit.
    static func stop(_ box: CLISandbox, _ pid: pid_t) -> CLISandbox.Output {
        try? Signals.send(.term, to: pid)
        return box.finish(pid, name: "stopped")
    }

    /// Rows of the cluster's slots: `columns` as psql prints them, in order of slot and attempt.
    static func slots(_ db: PrivatePostgres, _ cluster: String, _ columns: String = "job, node, status",
                      where condition: String = "true") -> [[String]] {
        (try? db.query("""
            SELECT \(columns) FROM scheduler_slots WHERE cluster = '\(sql(cluster))' AND (\(condition))
            ORDER BY scheduled_at, job, attempt
            """)) ?? []
    }

    /// One row of aggregates (`count(*)`, …) over the cluster's slots; empty when the query fails.
    static func aggregate(_ db: PrivatePostgres, _ cluster: String, _ columns: String, where condition: String = "true") -> [String] {
        ((try? db.query("SELECT \(columns) FROM scheduler_slots WHERE cluster = '\(sql(cluster))' AND (\(condition))")) ?? []).first ?? []
    }

    /// How many of the cluster's slot rows match; -1 when the query fails.
    static func count(_ db: PrivatePostgres, _ cluster: String, where condition: String = "true") -> Int {
        Int(aggregate(db, cluster, "count(*)", where: condition).first ?? "") ?? -1
    }

    /// The slot instant as the history writes it (UTC), for comparing table rows with histories.
    static let isoColumn = "to_char(scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS+00:00')"
}

extension String {
    /// How many times `s` occurs.
    func occurrences(of s: String) -> Int {
        var n = 0, rest = self[...]
        while let r = rest.firstRange(of: s) { n += 1; rest = rest[r.upperBound...] }
        return n
    }
}
