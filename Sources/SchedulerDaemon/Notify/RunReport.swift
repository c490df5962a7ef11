import SchedulerCore

/// One finished attempt as hooks and mail see it.
public struct RunReport: Sendable {
    public enum Event: String, Sendable { case failure = "on_failure", success = "on_success", retry = "on_retry" }
    public var record: JournalRecord
    public var event: Event
    /// The attempt's last output lines (stdout and stderr, in arrival order).
    public var output: [String]
    public var host: String

    /// A word for the status, with the exit code or signal: "failed (exit code 3)".
    public var statusText: String {
        var s = record.status.rawValue.replacingAll("_", with: " ")
        if let c = record.exitCode { s += " (exit code \(c))" } else if let sig = record.signal { s += " (signal \(sig))" }
        return s
    }

    /// The `SCHEDULER_*` variables a hook gets on top of the job's environment.
    public func variables(zone: TimeZoneRules) -> [String: String] {
        let r = record
        return [
            "SCHEDULER_JOB": r.job, "SCHEDULER_RUN": String(r.run), "SCHEDULER_RUN_ID": "\(r.job).\(r.run)",
            "SCHEDULER_ATTEMPT": String(r.attempt), "SCHEDULER_STATUS": r.status.rawValue, "SCHEDULER_EVENT": event.rawValue,
            "SCHEDULER_EXIT_CODE": r.exitCode.map(String.init) ?? "", "SCHEDULER_SIGNAL": r.signal.map(String.init) ?? "",
            "SCHEDULER_DURATION": MetricsText.format(r.durationSeconds),
            "SCHEDULER_SCHEDULED_AT": TimeFormat.rfc3339(r.scheduledAt, zone: zone),
            "SCHEDULER_STARTED_AT": TimeFormat.rfc3339(r.startedAt, zone: zone),
            "SCHEDULER_ENDED_AT": TimeFormat.rfc3339(r.endedAt, zone: zone),
            "SCHEDULER_OUTPUT": Self.bounded(output, dyno: "\(r.job).\(r.run)"), "SCHEDULER_HOST": host,
        ]
    }

    /// The most of SCHEDULER_OUTPUT: Linux refuses (E2BIG) any environment string over 128 KiB, and 20 lines
    /// of 8 KiB are more; 16 KiB leaves room for the job's own environment.
    public static let maxOutputBytes = 16 << 10

    /// The last lines that fit in `maxOutputBytes`, after a first line saying where the full output is.
    static func bounded(_ lines: [String], dyno: String) -> String {
        let all = lines.joined(separator: "\n")
        guard all.utf8.count > maxOutputBytes else { return all }
        let note = "[output cut to its last \(maxOutputBytes / 1024) KiB; all of it: scheduler logs \(dyno)]"
        var kept: [Substring] = [], size = note.utf8.count
        for line in lines.reversed() {
            // A line longer than all the room left keeps its end (the last line is the likeliest error).
            let room = maxOutputBytes - note.utf8.count - 1
            let piece = line.utf8.count > room ? Substring(String(line.utf8.suffix(room)) ?? "") : Substring(line)
            guard size + piece.utf8.count + 1 <= maxOutputBytes else { break }
            kept.append(piece); size += piece.utf8.count + 1
        }
        return ([Substring(note)] + kept.reversed()).joined(separator: "\n")
    }

    /// A plain-text mail for sendmail (`-i -t` reads the recipients from To:).
    public func mail(to recipients: String, command: String, zone: TimeZoneRules) -> String {
        let r = record
        let header: (String) -> String = { String($0.map { $0 == "\r" || $0 == "\n" ? " " : $0 }) }
        var lines = [
            "To: " + header(recipients),
            "Subject: " + header("scheduler: job \(r.job) \(statusText) on \(host)"),
            "Content-Type: text/plain; charset=UTF-8",
            "Auto-Submitted: auto-generated",
            "X-Scheduler-Job: " + header(r.job),
            "X-Scheduler-Run: \(header(r.job)).\(r.run)",
            "",
            "Job:       \(r.job)",
            "Run:       \(r.job).\(r.run), attempt \(r.attempt)",
            "Status:    \(statusText)",
            "Started:   \(TimeFormat.rfc3339(r.startedAt, zone: zone))",
            "Ended:     \(TimeFormat.rfc3339(r.endedAt, zone: zone))",
            "Duration:  \(MetricsText.format(r.durationSeconds))s",
            "Command:   \(command)",
            "",
        ]
        lines += output.isEmpty ? ["(no output)"] : ["Output (last \(output.count) lines):", ""] + output
        // A line of just "." ends the message for some sendmails even with -i; pad it.
        return lines.map { $0 == "." ? ". " : $0 }.joined(separator: "\n") + "\n"
    }
}
