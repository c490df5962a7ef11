import SchedulerCore

/// The replies of the control socket's read-only requests, on one line: `pending` (retries and queued
/// runs) and `jobs` (the running config's jobs). Records are separated by U+001E, fields by U+001F
/// (job names and schedules in words never hold control characters); instants are Unix nanoseconds or `-`.
public enum ControlViews {
    static let record: Character = "\u{1E}", field: Character = "\u{1F}"

    public static func encode(_ p: [PendingStart]) -> String {
        join(p.map { [$0.kind.rawValue, $0.job, String($0.run), String($0.attempt), String($0.attempts), instant($0.at)] })
    }

    public static func decodePending(_ text: String) -> [PendingStart] {
        split(text).compactMap { f in
            guard f.count == 6, let kind = PendingStart.Kind(rawValue: f[0]), let run = Int(f[2]), let attempt = Int(f[3]),
                  let attempts = Int(f[4]) else { return nil }
            return PendingStart(kind: kind, job: f[1], run: run, attempt: attempt, attempts: attempts, at: instant(f[5]))
        }
    }

    public static func encode(_ jobs: [PlannedJob]) -> String {
        join(jobs.map { [$0.name, $0.schedule, $0.timezone ?? "", $0.enabled ? "1" : "0", instant($0.nextDue)] })
    }

    public static func decodeJobs(_ text: String) -> [PlannedJob] {
        split(text).compactMap { f in
            guard f.count == 5 else { return nil }
            return PlannedJob(name: f[0], schedule: f[1], timezone: f[2].isEmpty ? nil : f[2], enabled: f[3] == "1", nextDue: instant(f[4]))
        }
    }

    private static func join(_ records: [[String]]) -> String {
        records.map { $0.joined(separator: String(field)) }.joined(separator: String(record))
    }

    private static func split(_ text: String) -> [[String]] {
        text.split(separator: record).map { $0.split(separator: field, omittingEmptySubsequences: false).map(String.init) }
    }

    private static func instant(_ t: Instant?) -> String { t.map { String($0.nanoseconds) } ?? "-" }
    private static func instant(_ s: String) -> Instant? { Int64(s).map { Instant(nanoseconds: $0) } }
}
