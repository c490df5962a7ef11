import SchedulerCore
import SchedulerDaemon
import StateFormats
import SystemCalls

let listCommand = Command(
    name: "list",
    aliases: ["status"],
    summary: "list jobs with next and last run, like systemctl list-timers",
    usage: "[--json] [--config PATH]",
    details: """
    One line per job in config order: its schedule in words, the next run (local time and how soon,
    including the job's stable spread delay but not its random jitter), the last run (when, how it
    ended, how long it took; a failed one in red on a terminal, not with NO_COLOR) and its state:
    enabled, paused or disabled, and running, "retrying (attempt 2 of 3 at 10:42:07)" or queued, as the
    running daemon says. Then the config file and whether the daemon for it runs: its pid, since when.
    When the config file has errors and its daemon runs, the jobs shown are the ones the daemon runs
    (from the last good version), with a line saying the file has errors, and the exit status is 2;
    without a daemon the errors are printed (exit status 2).
    --json prints one object (documented in scheduler(1)).
    """,
    flags: [Flag(long: "json", help: "print JSON (documented in scheduler(1))"), configFlag],
    run: runList
)

/// What `list` shows of one job.
struct JobRow {
    var name: String
    var schedule: String
    var timezone: String?
    var enabled: Bool
    var paused: Bool
    var next: Instant?
    var last: JournalRecord?
    var running: [String]
    /// Retries and queued runs the daemon waits to start.
    var pending: [PendingStart] = []
    var state: String { !enabled ? "disabled" : paused ? "paused" : "enabled" }
}

func runList(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.isEmpty else { throw UsageError(message: "'list' takes no arguments") }
    let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
    let now = Instant(nanoseconds: SystemClock.realtime())
    let zone = ctx.zone
    let loaded = ctx.loadConfig()
    let daemon = ctx.daemon()
    var rows: [JobRow]
    var config: Config?
    if let c = loaded.config {
        config = c
        rows = jobRows(c, ctx: ctx, now: now, zone: zone)
    } else if daemon != nil, let planned = ctx.daemonJobs() {
        rows = daemonRows(planned, ctx: ctx)  // the file on disk is broken: show what the daemon runs
    } else {
        _ = loadConfigOrReport(ctx)
        return 2
    }
    let pending = daemon == nil ? [] : ctx.pendingStarts()
    for i in rows.indices { rows[i].pending = pending.filter { $0.job == rows[i].name } }
    if args.has("json") {
        print(listJSON(rows, daemon: daemon, path: ctx.configPath, errors: loaded.errors.count, zone: zone))
    } else {
        printListTable(rows, config: config, ctx: ctx, now: now, zone: zone)
        if config == nil {
            printError("scheduler: \(ctx.configPath) has \(loaded.errors.count == 1 ? "an error" : "\(loaded.errors.count) errors"); "
                + "these are the jobs the daemon runs from its last good version ('scheduler check' shows the errors)")
        }
        print(configLine(ctx, errors: loaded.errors.count))
        print(daemonLine(daemon, ctx: ctx, now: now, zone: zone))
    }
    return config == nil ? 2 : 0
}

func printListTable(_ rows: [JobRow], config: Config?, ctx: OperatorContext, now: Instant, zone: TimeZoneRules) {
    let color = ctx.color(fd: 1)
    var table = [["JOB", "SCHEDULE", "NEXT", "LEFT", "LAST", "PASSED", "RESULT", "STATE"]]
    // With [cluster]: the node of each job's last run, from the database (this node's journal when it can't be asked).
    let nodes = config?.cluster.map { lastNodes(config!, $0, ctx: ctx) }
    if nodes != nil { table[0].insert("NODE", at: 7) }
    var failed: [Bool] = [false]
    for r in rows {
        var state = r.running.isEmpty ? r.state : r.state + ", running " + r.running.joined(separator: " ")
        for p in r.pending { state += ", " + p.describe(zone: zone) }
        table.append([r.name, r.schedule + (r.timezone.map { " (\($0))" } ?? ""),
                      r.next.map { HumanTime.local($0, zone: zone) } ?? "-", r.next.map { HumanTime.relative($0, now: now) } ?? "-",
                      r.last.map { HumanTime.local($0.startedAt, zone: zone) } ?? "-",
                      r.last.map { HumanTime.relative($0.startedAt, now: now) } ?? "-", r.last.map(lastResult) ?? "-", state])
        if let nodes { table[table.count - 1].insert(nodes[r.name] ?? (r.last == nil ? "-" : "this node"), at: 7) }
        failed.append(r.last.map { [.failed, .timedOut, .killed].contains($0.status) } ?? false)
    }
    let lines = Columns.render(table).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    for (i, line) in lines.enumerated() {
        print(i == 0 ? Columns.paint(String(line), "1", on: color) : failed[i] ? paintResult(String(line), color: color) : String(line))
    }
    print("")
}

/// The RESULT word of a failed run in red (the rest of the row stays plain).
func paintResult(_ line: String, color: Bool) -> String {
    guard color else { return line }
    for word in ["failed", "timed out", "killed"] {
        if let r = line.firstRange(of: "  " + word) {
            return String(line[..<r.lowerBound]) + "  " + Columns.paint(word, "31", on: true) + String(line[line.index(r.lowerBound, offsetBy: word.count + 2)...])
        }
    }
    return line
}

/// "Config: PATH" (and whether it has errors).
func configLine(_ ctx: OperatorContext, errors: Int) -> String {
    "Config: \(ctx.configPath)" + (errors > 0 ? " (has errors; 'scheduler check' shows them)" : "")
}

func daemonLine(_ d: DaemonInfo?, ctx: OperatorContext, now: Instant, zone: TimeZoneRules) -> String {
    guard let d else { return "Daemon: not running for \(ctx.configPath) (\(OperatorContext.startHint))" }
    return "Daemon: running, pid \(d.pid), up since \(HumanTime.local(d.startedAt, zone: zone)) (\(HumanTime.duration(now - d.startedAt))), config \(d.config)"
}

/// "succeeded, 1m3s", "failed (exit 1), 2.1s", "killed (signal 15), 4.0s".
func lastResult(_ r: JournalRecord) -> String {
    var s = r.status.rawValue.replacingUnderscores()
    if r.status != .succeeded, let c = r.exitCode { s += " (exit \(c))" }
    if let sig = r.signal { s += " (signal \(sig))" }
    return s + ", " + HumanTime.duration(r.endedAt - r.startedAt)
}

func jobRows(_ config: Config, ctx: OperatorContext, now: Instant, zone: TimeZoneRules) -> [JobRow] {
    let paused = PausedJobs.read(ctx.paths)
    let last = lastRuns(ctx.paths.journal, jobs: Set(config.jobs.map(\.name)))
    var running: [String: [String]] = [:]
    for r in RunState.running(paths: ctx.paths) { running[r.job, default: []].append(r.dyno) }
    let host = spreadHost(config)
    var zones = ZoneCache(system: zone)
    return config.jobs.map { job in
        var next: Instant?
        if job.enabled, !paused.contains(job.name), let z = try? zones.zone(of: job) {
            next = JobTimeline(job, zone: z, spreadKey: JobTimeline.spreadKey(job, clustered: config.cluster != nil, host: host)).nextDue(after: now)
        }
        return JobRow(name: job.name, schedule: job.schedule.words, timezone: job.timezone, enabled: job.enabled,
                      paused: paused.contains(job.name), next: next, last: last[job.name], running: running[job.name] ?? [])
    }
}

/// Rows from what the daemon runs (its next due times are its own, jitter included).
func daemonRows(_ planned: [PlannedJob], ctx: OperatorContext) -> [JobRow] {
    let paused = PausedJobs.read(ctx.paths)
    let last = lastRuns(ctx.paths.journal, jobs: Set(planned.map(\.name)))
    var running: [String: [String]] = [:]
    for r in RunState.running(paths: ctx.paths) { running[r.job, default: []].append(r.dyno) }
    return planned.map { j in
        JobRow(name: j.name, schedule: j.schedule, timezone: j.timezone, enabled: j.enabled, paused: paused.contains(j.name),
               next: j.enabled && !paused.contains(j.name) ? j.nextDue : nil, last: last[j.name], running: running[j.name] ?? [])
    }
}

/// The host name `spread` hashes with (read only when a job has a spread).
func spreadHost(_ config: Config) -> String {
    config.jobs.contains { $0.spread != nil } ? (try? CurrentProcess.hostname()) ?? "localhost" : ""
}

/// The latest non-skipped record of each job, reading the journal from the end (at most ~20000 records back).
func lastRuns(_ path: String, jobs: Set<String>) -> [String: JournalRecord] {
    var found: [String: JournalRecord] = [:]
    var seen = 0
    _ = try? Journal.tail(path: path, count: jobs.count) { r in
        seen += 1
        if seen > 20_000 { return true }  // enough: fill the count so the scan stops
        guard r.status != .skipped, jobs.contains(r.job), found[r.job] == nil else { return false }
        found[r.job] = r
        return true
    }
    return found
}

func listJSON(_ rows: [JobRow], daemon: DaemonInfo?, path: String, errors: Int, zone: TimeZoneRules) -> String {
    var d = JSONObject().add("running", daemon != nil)
    if let daemon {
        d = d.add("pid", Int(daemon.pid)).add("started_at", TimeFormat.rfc3339(daemon.startedAt, zone: zone)).add("config", daemon.config)
    }
    let jobs = rows.map { r -> String in
        var o = JSONObject().add("name", r.name).add("schedule", r.schedule).add("timezone", r.timezone)
            .add("state", r.state).add("enabled", r.enabled).add("paused", r.paused)
            .add("next_run", r.next.map { TimeFormat.rfc3339($0, zone: zone) })
        if let l = r.last {
            o = o.raw("last_run", JSONObject().add("id", "\(l.job).\(l.run)").add("attempt", l.attempt)
                .add("started_at", TimeFormat.rfc3339(l.startedAt, zone: zone)).add("ended_at", TimeFormat.rfc3339(l.endedAt, zone: zone))
                .add("status", l.status.rawValue).add("exit_code", l.exitCode.map(Int.init)).add("signal", l.signal.map(Int.init))
                .add("duration_seconds", l.durationSeconds).text)
        } else {
            o = o.raw("last_run", "null")
        }
        return o.raw("running", "[" + r.running.map(JournalCodec.quote).joined(separator: ",") + "]")
            .raw("pending", "[" + r.pending.map { pendingJSON($0, zone: zone) }.joined(separator: ",") + "]").text
    }
    // config_errors > 0: the file on disk is broken and the jobs are the daemon's (from its last good version).
    return JSONObject().add("config", path).add("config_errors", errors).raw("daemon", d.text)
        .raw("jobs", "[" + jobs.joined(separator: ",\n  ") + "]").text
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}

/// The node that ran each job's last cluster run; empty when the database can't be asked within 2 s.
func lastNodes(_ config: Config, _ settings: ClusterSettings, ctx: OperatorContext) -> [String: String] {
    var quick = settings
    quick.parameters["connect_timeout"] = "2"
    guard let store = try? PostgresClusterStore(settings: quick, environment: ctx.environment) else { return [:] }
    defer { store.disconnect() }
    return (try? store.lastNodes(cluster: settings.name)) ?? [:]
}
