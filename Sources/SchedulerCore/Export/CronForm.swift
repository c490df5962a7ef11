/// A schedule as cron expressions, for exports to crontab and Kubernetes.
enum CronForm {
    /// Expressions that together fire when the schedule does (or `@reboot`); failure says why cron can't.
    static func expressions(_ spec: ScheduleSpec) -> Result<[String], ExportGap> {
        switch spec {
        case .cron(let text): return .success([text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")])
        case .hourly(let m): return .success(["\(m) * * * *"])
        case .daily(let minutes): return .success(byMinute(minutes, dow: "*"))
        case .weekly(let days, let minutes):
            return .success(byMinute(minutes, dow: days.map(String.init).joined(separator: ",")))
        case .every(let interval, let offset): return every(interval, offset)
        }
    }

    /// One expression per minute-of-hour, listing the hours that have it.
    private static func byMinute(_ minutes: [Int], dow: String) -> [String] {
        var hours: [Int: [Int]] = [:]
        for m in minutes { hours[m % 60, default: []].append(m / 60) }
        return hours.keys.sorted().map { m in "\(m) \(hours[m]!.map(String.init).joined(separator: ",")) * * \(dow)" }
    }

    /// `every` slots count from Monday 1970-01-05 00:00, so intervals dividing an hour, a day, or a week
    /// line up with cron's clock fields.
    private static func every(_ interval: Duration, _ offset: Duration) -> Result<[String], ExportGap> {
        let i = interval.nanoseconds / 1_000_000_000, o = offset.nanoseconds / 1_000_000_000
        let text = DurationSyntax.format(interval)
        guard interval.nanoseconds % 60_000_000_000 == 0, offset.nanoseconds % 60_000_000_000 == 0 else {
            return .failure(ExportGap("every = \"\(text)\" has seconds; cron counts whole minutes"))
        }
        let minute = (o / 60) % 60, hour = (o / 3600) % 24
        if i < 3600, 3600 % i == 0 {
            let step = i / 60
            return .success([step == 1 ? "* * * * *" : o == 0 ? "*/\(step) * * * *" : "\(o / 60)-59/\(step) * * * *"])
        }
        if i % 3600 == 0, 86400 % i == 0 {
            let step = i / 3600
            if step == 24 { return .success(["\(minute) \(hour) * * *"]) }
            return .success([step == 1 ? "\(minute) * * * *" : "\(minute) \(o / 3600)-23/\(step) * * *"])
        }
        if i == 604_800 { return .success(["\(minute) \(hour) * * \((1 + o / 86400) % 7)"]) }
        return .failure(ExportGap("every = \"\(text)\" does not divide an hour, a day or a week evenly"))
    }
}

/// Something a target format can't say about a job; exports write it as a comment.
public struct ExportGap: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Export helpers shared by the three formats.
enum ExportText {
    /// The job's command as one shell line: `env` exported, `directory` entered (`scheduler import` reads
    /// this form back: ExportedEntry). `env_file` is not sourced: that would run its values as code.
    static func shellBody(_ job: Job) -> String {
        var parts: [String] = []
        if !job.env.isEmpty { parts.append("export " + job.env.map { "\($0.0)=\(ShellQuote.word($0.1))" }.joined(separator: " ")) }
        if let dir = job.directory { parts.append("cd \(ShellQuote.word(dir)) || exit 1") }
        parts.append(commandLine(job.command))
        return parts.joined(separator: "; ")
    }

    static func commandLine(_ c: JobCommand) -> String {
        switch c {
        case .shell(let line, _): return line
        case .exec(let argv): return ShellQuote.line(argv)
        }
    }

    static func shell(_ job: Job) -> ShellProgram {
        if case .shell(_, let shell) = job.command { return shell }
        return JobSettings.defaultShell
    }

    /// Whole seconds, rounded up (exports take seconds).
    static func seconds(_ d: Duration) -> Int64 {
        let ns = d.nanoseconds
        return ns / 1_000_000_000 + (ns % 1_000_000_000 > 0 ? 1 : 0)
    }

    /// What no export can carry: hooks and mail are the daemon's.
    static func daemonOnlyGaps(_ job: Job) -> [String] {
        var out: [String] = []
        for (key, value) in [("on_failure", job.onFailure), ("on_success", job.onSuccess), ("on_retry", job.onRetry)] where value != nil {
            out.append("\(key) is not exported: run it from the command, e.g. CMD || HOOK")
        }
        return out
    }
}
