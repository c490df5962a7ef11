/// `scheduler export --format crontab`: one crontab line per schedule expression, with `flock -n` and
/// `timeout` wrappers for overlap and timeout, and comments for what crontab can't say.
public enum CrontabExport {
    /// `systemZone` and `now`, when given, let comments say where `every` sits later on the clock in summer.
    public static func text(_ jobs: [Job], source: String, systemZone: TimeZoneRules? = nil, now: Instant? = nil) -> String {
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
            let shift = now.flatMap { now in
                DSTExposure.zone(job, system: systemZone).flatMap { DSTExposure.everyShift(job.schedule, zone: $0, from: now, these: "this line") }
            }
            out += lines(job, more: shift.map { [$0] } ?? [])
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The comments and line(s) of one job. `# job: NAME` gives `scheduler import` the name back.
    static func lines(_ job: Job, more: [String] = []) -> [String] {
        var comments = ["# job: \(job.name)"] + (job.description.map { TOMLText.comment($0) } ?? [])
        var gaps = gaps(job) + more
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

    /// The crontab command field: wrappers, then the job's shell line; nil (with the reason in `gaps`)
    /// when cron can't run it as it is.
    static func commandLine(_ job: Job, gaps: inout [String]) -> String? {
        if let file = job.envFile {
            // `. FILE` would run the file's values as shell code (`id -un`, a b c); cron has no other way.
            gaps.append("env_file = \"\(file)\": cron could only source it ('. FILE'), which runs its values as shell code; "
                + "put its variables in env, or export to systemd (EnvironmentFile= reads it as data)")
            return nil
        }
        let script = ExportText.shellBody(job)
        var wrap: [String] = []
        switch job.overlap {
        case .skip: wrap += ["flock", "-n", lockFile(job.name)]
        case .queue: wrap += ["flock", lockFile(job.name)]
        case .replace, .allow: break
        }
        if let t = job.timeout {
            wrap += ["timeout", "-k", "\(ExportText.seconds(job.killGrace))s", "\(ExportText.seconds(t))s"]
        }
        let shell = ExportText.shell(job)
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let quoted = lines.count > 1 || script.contains("\r") || script.contains("\\%")
        guard !wrap.isEmpty || shell != JobSettings.defaultShell || quoted else { return script.replacingAll("%", with: "\\%") }
        let field = (wrap + shell.argv.map(ShellQuote.word) + ["-c", scriptWord(lines)]).joined(separator: " ")
        return cronEscaped(field)
    }

    /// The lock file of export's `flock` wrapper; `scheduler import` recognises it.
    static func lockFile(_ job: String) -> String { "\"$HOME\"/.scheduler-\(job).lock" }

    /// One shell word for `-c`: the script in single quotes, or for a script of several lines (a crontab
    /// entry is one line) `"$(printf '%s\n' 'LINE' …)"`, which gives the lines back joined by newlines.
    static func scriptWord(_ lines: [String]) -> String {
        lines.count == 1 ? ShellQuote.word(lines[0]) : "\"$(printf '%s\\n' " + lines.map(ShellQuote.word).joined(separator: " ") + ")\""
    }

    /// cron turns `%` into a newline and `\%` into `%`: every `%` is escaped. A `\` before a `%` (only ever inside
    /// single quotes here) is split off by closing and reopening the quotes, since cron would eat it.
    static func cronEscaped(_ field: String) -> String {
        field.replacingAll("\\%", with: "\\''%").replacingAll("%", with: "\\%")
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
