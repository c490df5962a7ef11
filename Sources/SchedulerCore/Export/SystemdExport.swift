/// `scheduler export --format systemd`: a `.service` and `.timer` pair per job, for `systemctl --user`.
public enum SystemdExport {
    /// One exported unit file.
    public struct UnitFile: Sendable, Equatable {
        public var name: String
        public var text: String
    }

    /// Two files per job: `scheduler-NAME.service` and `scheduler-NAME.timer`. `systemZone` is the zone of
    /// jobs without `timezone` (the timers' too); clock changes from `now` on are checked for DST comments.
    public static func units(_ jobs: [Job], source: String, systemZone: TimeZoneRules, now: Instant) -> [UnitFile] {
        jobs.flatMap { job in
            let unit = "scheduler-\(job.name)"
            return [UnitFile(name: unit + ".service", text: service(job, source: source)),
                    UnitFile(name: unit + ".timer", text: timer(job, unit: unit, source: source,
                                                                  zone: DSTExposure.zone(job, system: systemZone) ?? .utc, now: now))]
        }
    }

    static func service(_ job: Job, source: String) -> String {
        var s = ["# Exported from \(source) by 'scheduler export' (job \(job.name)).", "[Unit]",
                 "Description=" + specifiers("scheduler job \(job.name)" + (job.description.map { ": " + $0 } ?? "")), "",
                 "[Service]", "Type=simple"]
        var body = ExportText.commandLine(job.command)
        if let file = job.envFile { s.append("EnvironmentFile=" + specifiers(file)) }
        for (k, v) in job.env { s.append("Environment=" + quoted(k + "=" + v, dollars: false)) }
        if let dir = job.directory { s.append("WorkingDirectory=" + specifiers(dir)) }
        if case .exec = job.command { body = ShellQuote.line(exec(job)) }
        s.append("ExecStart=" + ExportText.shell(job).argv.map(specifiers).joined(separator: " ") + " -c " + quoted(body, dollars: true))
        if let t = job.timeout { s.append("RuntimeMaxSec=\(ExportText.seconds(t))") }
        s.append("TimeoutStopSec=\(ExportText.seconds(job.killGrace))")
        if job.retry.attempts > 0 {
            s += ["Restart=on-failure", "RestartSec=\(ExportText.seconds(job.retry.delay))",
                  "# retry = \(job.retry.attempts): systemd restarts until StartLimitBurst= (default 5 in 10s) stops it;",
                  "# the growing delay (factor, max_delay) is not exported."]
        }
        for (hook, success) in [(job.onFailure, false), (job.onSuccess, true)] {
            guard let hook else { continue }
            // systemd sets SERVICE_RESULT, EXIT_CODE and EXIT_STATUS for ExecStopPost, none of our SCHEDULER_* names.
            let vars = "export SCHEDULER_JOB=\(ShellQuote.word(job.name)) SCHEDULER_STATUS=\"$SERVICE_RESULT\" "
                + "SCHEDULER_EXIT_CODE=\"$EXIT_STATUS\" SCHEDULER_EXIT_REASON=\"$EXIT_CODE\"; "
            let test = "[ \"$SERVICE_RESULT\" \(success ? "=" : "!=") success ] || exit 0; " + vars + hook
            s.append("ExecStopPost=" + ExportText.shell(job).argv.map(specifiers).joined(separator: " ") + " -c " + quoted(test, dollars: true))
        }
        if job.onRetry != nil { s.append("# on_retry is not exported: systemd has no hook between restarts.") }
        if job.mailto != nil { s.append("# mailto is not exported: use an OnFailure= unit that sends mail.") }
        return s.joined(separator: "\n") + "\n"
    }

    static func exec(_ job: Job) -> [String] {
        if case .exec(let argv) = job.command { return argv }
        return []
    }

    static func timer(_ job: Job, unit: String, source: String, zone: TimeZoneRules, now: Instant) -> String {
        var t = ["# Exported from \(source) by 'scheduler export' (job \(job.name)).", "[Unit]",
                 "Description=" + specifiers("Timer for scheduler job \(job.name)"), "", "[Timer]"]
        if !job.enabled { t.insert("# The job is disabled in scheduler.toml: don't enable this timer.", at: 1) }
        let calendar = SystemdCalendar.lines(job.schedule, zone: job.timezone)
        t += calendar
        t += DSTExposure.comments(job.schedule, zone: zone, from: now).map { "# " + $0 }
        if calendar.contains(where: { $0.hasPrefix("OnCalendar=") }) {
            t += [DSTExposure.everyOverlap(job.schedule, zone: zone, from: now), DSTExposure.everyShift(job.schedule, zone: zone, from: now)]
                .compactMap { $0.map { "# " + $0 } }
        }
        switch (job.jitter, job.spread) {
        case (let j?, nil): t.append("RandomizedDelaySec=\(ExportText.seconds(j))")
        case (nil, let s?): t += ["RandomizedDelaySec=\(ExportText.seconds(s))", "FixedRandomDelay=true"]
        case (let j?, let s?):
            t += ["RandomizedDelaySec=\(ExportText.seconds(j + s))", "# jitter and spread are added: systemd has one random delay."]
        case (nil, nil): break
        }
        if job.catchUp { t.append("Persistent=true") }
        if job.overlap != .skip {
            t.append("# overlap = \"\(job.overlap.rawValue)\" is not exported: a timer never starts its service while it runs.")
        }
        t += ["AccuracySec=1s", "Unit=\(unit).service", "", "[Install]", "WantedBy=timers.target"]
        return t.joined(separator: "\n") + "\n"
    }

    /// A double-quoted unit-file word: C escapes, `%` doubled (specifiers), `$` doubled where variables expand.
    static func quoted(_ s: String, dollars: Bool) -> String {
        Escaping.quoted(s, Escaping.common.merging(["%": "%%", "$": dollars ? "$$" : "$"]) { $1 }) { u in
            Escaping.isControl(u) ? "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16) : nil
        }
    }

    /// `%` doubled, and newlines (which would end the setting) turned into spaces.
    static func specifiers(_ s: String) -> String {
        s.replacingAll("%", with: "%%").replacingAll("\n", with: " ")
    }
}
