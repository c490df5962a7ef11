import SystemCalls
import SchedulerCore
import SchedulerDaemon

let nextCommand = Command(
    name: "next",
    summary: "print the next run times of jobs or of an ad hoc schedule",
    usage: "[JOB...] [-n N] [--after INSTANT] [--config PATH]\n"
        + "       scheduler next (--cron EXPR | --every DURATION [--at OFFSET] | --daily HH:MM | --hourly MINUTE | --weekly SPEC)"
        + " [--tz ZONE] [--after INSTANT] [-n N]",
    details: """
    Prints one instant per line, strictly after --after (default: now), as RFC 3339 with seconds and the
    numeric offset of the schedule's zone, e.g. 2026-03-08T03:00:00-04:00. With JOB names (default: every
    enabled job) the schedules come from the config; with several jobs it is an aligned table: the job's
    name, the instant and how long after --after (default: now) it is ("in 8m"); a job's times include
    its stable spread delay (not its random jitter), as for
    `list` and the daemon. With a schedule option no config is read; the zone is --tz, else $TZ, else
    /etc/localtime. DST and time zone rules: scheduler.toml(5), SCHEDULES. @reboot jobs print nothing.
    """,
    flags: [
        Flag(long: "count", short: "n", value: "N", help: "how many run times to print per job (default 1)"),
        Flag(long: "after", value: "INSTANT", help: "start after this RFC 3339 instant, e.g. 2026-03-08T01:59:00-05:00 or ...Z"),
        Flag(long: "config", short: "c", value: "PATH", help: "config file for JOB mode (default: as for 'check')"),
        Flag(long: "cron", value: "EXPR", help: "ad hoc: a Debian cron expression, e.g. \"*/15 * * * *\" or @daily"),
        Flag(long: "every", value: "DURATION", help: "ad hoc: an interval, e.g. 10m or 1h"),
        Flag(long: "at", value: "OFFSET", help: "with --every: offset of the slots, e.g. :15 or 03:30"),
        Flag(long: "daily", value: "HH:MM", help: "ad hoc: time(s) of day, e.g. 03:30 or 03:30,15:00", repeats: true),
        Flag(long: "hourly", value: "MINUTE", help: "ad hoc: minute past every hour"),
        Flag(long: "weekly", value: "SPEC", help: "ad hoc: days and times, e.g. \"mon,thu 09:00\""),
        Flag(long: "tz", value: "ZONE", help: "ad hoc: time zone (IANA name or POSIX TZ rule; default: system zone)"),
    ],
    run: runNext
)

/// `scheduler next`: run times to stdout, problems to stderr.
func runNext(_ args: ParsedArguments) throws -> Int32 {
    let count = try args.int("count") ?? 1
    guard (1...100_000).contains(count) else { throw UsageError(message: "-n takes a number from 1 to 100000, not \(count)") }
    let after: Instant
    if let text = args.value("after") {
        guard let t = RFC3339.parse(text) else {
            throw UsageError(message: "--after '\(text)' is not an RFC 3339 instant",
                             hint: "write it with an offset or Z, e.g. 2026-03-08T01:59:00-05:00 or 2026-03-08T06:59:00Z")
        }
        after = t
    } else {
        after = currentInstant()
    }
    let adHoc = ["cron", "every", "daily", "hourly", "weekly"].filter { args.values[$0] != nil }
    if adHoc.isEmpty {
        for flag in ["tz", "at"] where args.value(flag) != nil {
            throw UsageError(message: "--\(flag) works only with a schedule option (--cron, --every, --daily, ...)",
                             hint: flag == "tz" ? "a job's zone comes from its 'timezone' key" : nil)
        }
        return nextForJobs(args, after: after, count: count)
    }
    guard adHoc.count == 1 else { throw UsageError(message: "give one schedule, not --\(adHoc.joined(separator: " and --"))") }
    if let job = args.positionals.first {
        throw UsageError(message: "a job name ('\(job)') and --\(adHoc[0]) don't go together",
                         hint: "use either JOB names from the config or one ad hoc schedule")
    }
    if args.value("at") != nil, adHoc[0] != "every" { throw UsageError(message: "--at works only with --every") }
    guard let spec = adHocSpec(args, kind: adHoc[0]), let zone = adHocZone(args.value("tz")) else { return 2 }
    if spec.isReboot { printError("scheduler: @reboot runs once at boot; it has no next time") }
    let schedule = spec.compile(zone: zone)
    for t in times({ schedule.next(after: $0) }, after: after, count: count) { print(RFC3339.format(t, zone: zone)) }
    return 0
}

/// Run times of configured jobs; with several jobs a table of name, instant and how soon.
private func nextForJobs(_ args: ParsedArguments, after: Instant, count: Int) -> Int32 {
    guard let (config, named, _) = loadConfigAndNamedJobs(args) else { return 2 }
    var jobs = named
    if args.positionals.isEmpty { jobs = config.jobs.filter(\.enabled) }
    var zones = ZoneCache(system: TimeZoneRules.system())  // one read of each zone file, not one per job
    let host = spreadHost(config)
    var rows: [[String]] = []
    for job in jobs {
        let zone: TimeZoneRules
        do throws(TimeZoneError) { zone = try zones.zone(of: job) } catch {
            printError("scheduler: job '\(job.name)': \(error.message)")
            return 2
        }
        if !job.enabled { printError("scheduler: note: job '\(job.name)' is disabled; these are the times it would run") }
        // When it runs, spread included (as the daemon and `list` see it).
        let timeline = JobTimeline(job, zone: zone, spreadKey: JobTimeline.spreadKey(job, clustered: config.cluster != nil, host: host))
        for t in times({ timeline.nextDue(after: $0) }, after: after, count: count) {
            rows.append([job.name, RFC3339.format(t, zone: zone), HumanTime.relative(t, now: after)])
        }
    }
    if jobs.count == 1 {
        for r in rows { print(r[1]) }
    } else {
        print(Columns.render(rows), terminator: "")
    }
    return 0
}

/// Up to `count` instants from `next`, each strictly after the one before, starting after `after`.
private func times(_ next: (Instant) -> Instant?, after: Instant, count: Int) -> [Instant] {
    var out: [Instant] = [], t = after
    while out.count < count, let n = next(t) { out.append(n); t = n }
    return out
}

/// The ad hoc schedule from its option; nil after printing why it is invalid.
private func adHocSpec(_ args: ParsedArguments, kind: String) -> ScheduleSpec? {
    let text = kind == "daily" ? args.all("daily").joined(separator: ",") : args.value(kind)!
    do throws(ScheduleSyntaxError) {
        switch kind {
        case "cron": return try ScheduleSpec.parseCron(text)
        case "daily": return try ScheduleSpec.parseDaily(text.split(separator: ",").map { String($0).trimmed })
        case "weekly": return try ScheduleSpec.parseWeekly(text)
        case "hourly":
            guard let m = Int(text) else { throw ScheduleSyntaxError(message: "'\(text)' is not a minute", hint: "e.g. --hourly 15") }
            return try ScheduleSpec.parseHourly(m)
        default:
            let interval: Duration
            do throws(DurationSyntaxError) { interval = try DurationSyntax.parse(text) } catch {
                throw ScheduleSyntaxError(message: error.message, hint: error.hint)
            }
            return try ScheduleSpec.parseEvery(interval, at: args.value("at"))
        }
    } catch {
        printError("scheduler: --\(kind): \(error.message)")
        if let offset = error.offset, kind == "cron" || kind == "weekly" {
            let width = text.unicodeScalars.dropFirst(offset).prefix { $0 != " " && $0 != "," }.count
            printError("  " + text)
            printError("  " + String(repeating: " ", count: offset) + String(repeating: "^", count: max(1, width)))
        }
        if let hint = error.hint { printError("hint: \(hint)") }
        return nil
    }
}

/// --tz as a zone name or POSIX TZ rule, else the system zone; nil after printing why it is unknown.
private func adHocZone(_ name: String?) -> TimeZoneRules? {
    guard let name else { return TimeZoneRules.system() }
    do throws(TimeZoneError) { return try TimeZoneRules.load(named: name) } catch {
        // A POSIX rule ("EST5EDT,M3.2.0,M11.1.0"), but not "UTC+9": POSIX reads that as 9 hours *behind* UTC.
        if name.contains(where: \.isNumber), ZoneHints.offsetHint(name) == nil, let posix = TimeZoneRules.posix(name) { return posix }
        printError("scheduler: --tz: \(error.message)")
        if let hint = error.hint { printError("hint: \(hint)") }
        return nil
    }
}

/// Now, from the real-time clock.
private func currentInstant() -> Instant {
    Instant(nanoseconds: SystemClock.realtime())
}

extension String {
    fileprivate var trimmed: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
