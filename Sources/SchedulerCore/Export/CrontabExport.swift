/// `scheduler export --format crontab`: one crontab line per schedule expression, with `flock -n` and
/// `timeout` wrappers for overlap and timeout, and comments for what crontab can't say.
public enum CrontabExport {
    public static func text(_ jobs: [Job], source: String) -> String {
        var out = ["# crontab exported from \(source) by 'scheduler export'.", "# Install it with: crontab FILE"]
        let mail = jobs.contains { $0.mailto != nil }
        // CRON_TZ applies to every line below it: jobs in the system zone first, then zone by zone.
        let ordered = jobs.enumerated().sorted { ($0.element.timezone ?? "", $0.offset) < ($1.element.timezone ?? "", $1.offset) }
        var zone: String?
        for job in ordered.map(\.element) {
            out.append("")
            if let tz = job.timezone, tz != zone {
                out += ["# CRON_TZ is cronie's: Debian's cron ignores it and runs the jobs below in the system zone.",
                        "CRON_TZ=\(tz)"]
                zone = tz
            }
            if mail { out.append("MAILTO=\(job.mailto ?? "")") }
            out += lines(job)
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The comments and line(s) of one job.
    static func lines(_ job: Job) -> [String] {
        var comments = ["# \(job.name)" + (job.description.map { ": " + $0 } ?? "")]
        var gaps = gaps(job)
        let exprs: [String]
        switch CronForm.expressions(job.schedule) {
        case .success(let e): exprs = e
        case .failure(let gap): gaps.insert(gap.description, at: 0); exprs = []
        }
        let command = commandLine(job, gaps: &gaps)
        comments += gaps.map { "#   can't say: " + $0 }
        guard let command, !exprs.isEmpty else {
            return comments + ["#   not exported"]
        }
        let prefix = job.enabled ? "" : "# (disabled) "
        return comments + exprs.map { prefix + $0 + " " + command }
    }

    /// The crontab command field: wrappers, then the job's shell line; `%` escaped. Nil when it has a newline.
    static func commandLine(_ job: Job, gaps: inout [String]) -> String? {
        var body = ExportText.shellBody(job)
        guard !body.contains("\n"), !body.contains("\r") else {
            gaps.append("the command has several lines; a crontab entry is one line")
            return nil
        }
        var wrap: [String] = []
        switch job.overlap {
        case .skip: wrap += ["flock", "-n", "\"$HOME\"/.scheduler-\(job.name).lock"]
        case .queue: wrap += ["flock", "\"$HOME\"/.scheduler-\(job.name).lock"]
        case .replace, .allow: break
        }
        if let t = job.timeout {
            wrap += ["timeout", "-k", "\(ExportText.seconds(job.killGrace))s", "\(ExportText.seconds(t))s"]
        }
        let shell = ExportText.shell(job)
        if !wrap.isEmpty || shell != JobSettings.defaultShell {
            body = (wrap + shell.argv.map(ShellQuote.word) + ["-c", ShellQuote.word(body)]).joined(separator: " ")
        }
        return body.replacingAll("%", with: "\\%")
    }

    static func gaps(_ job: Job) -> [String] {
        var out: [String] = []
        if let j = job.jitter { out.append("jitter = \"\(DurationSyntax.format(j))\" (cronie: RANDOM_DELAY, minutes, for the whole file)") }
        if let s = job.spread { out.append("spread = \"\(DurationSyntax.format(s))\"") }
        if job.retry.attempts > 0 { out.append("retry = \(job.retry.attempts) (no retries in cron)") }
        if job.catchUp { out.append("catch_up = true (anacron does that for daily and longer jobs)") }
        if job.overlap == .replace { out.append("overlap = \"replace\" (a new run does not stop the old one)") }
        if job.overlap == .queue { out.append("overlap = \"queue\" (flock waits, so every due run queues, not just one)") }
        if job.mailto != nil, job.mailOn != .output { out.append("mail_on = \"\(job.mailOn.rawValue)\" (cron mails any output)") }
        if case .every = job.schedule { out.append("every counts elapsed time; cron reads the clock (DST days differ)") }
        return out + ExportText.daemonOnlyGaps(job)
    }
}
