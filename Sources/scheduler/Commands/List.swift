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
    ended, how long it took) and its state: enabled, paused or disabled, and running when it runs.
    Then whether the daemon for this config runs: its pid, since when, its config file.
    --json prints one object (documented in scheduler(1)).
    """,
    flags: [Flag(long: "json", help: "print JSON (documented in scheduler(1))"), configFlag],
    run: runList
)

/// What `list` shows of one job.
struct JobRow {
    var job: Job
    var paused: Bool
    var next: Instant?
    var last: JournalRecord?
    var running: [String]
    var state: String { !job.enabled ? "disabled" : paused ? "paused" : "enabled" }
}

func runList(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.isEmpty else { throw UsageError(message: "'list' takes no arguments") }
    let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
    guard let config = loadConfigOrReport(ctx) else { return 2 }
    let now = Instant(nanoseconds: SystemClock.realtime())
    let zone = ctx.zone
    let rows = jobRows(config, ctx: ctx, now: now, zone: zone)
    let daemon = ctx.daemon()
    if args.has("json") {
        print(listJSON(rows, daemon: daemon, config: config, zone: zone))
        return 0
    }
    let color = ctx.color(fd: 1)
    var table = [["JOB", "SCHEDULE", "NEXT", "LEFT", "LAST", "PASSED", "RESULT", "STATE"]]
    // With [cluster]: the node of each job's last run, from the database (this node's journal when it can't be asked).
    let nodes = config.cluster.map { lastNodes(config, $0, ctx: ctx) }
    if nodes != nil { table[0].insert("NODE", at: 7) }
    for r in rows {
        let state = r.running.isEmpty ? r.state : r.state + ", running " + r.running.joined(separator: " ")
        table.append([r.job.name, r.job.schedule.words + (r.job.timezone.map { " (\($0))" } ?? ""),
                      r.next.map { HumanTime.local($0, zone: zone) } ?? "-", r.next.map { HumanTime.relative($0, now: now) } ?? "-",
                      r.last.map { HumanTime.local($0.startedAt, zone: zone) } ?? "-",
                      r.last.map { HumanTime.relative($0.startedAt, now: now) } ?? "-", r.last.map(lastResult) ?? "-", state])
        if let nodes { table[table.count - 1].insert(nodes[r.job.name] ?? (r.last == nil ? "-" : "this node"), at: 7) }
    }
    var text = Columns.render(table)
    if color, let nl = text.firstIndex(of: "\n") { text = Columns.paint(String(text[..<nl]), "1", on: true) + String(text[nl...]) }
    print(text, terminator: "")
    print("")
    print(daemonLine(daemon, ctx: ctx, now: now, zone: zone))
    return 0
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
        return JobRow(job: job, paused: paused.contains(job.name), next: next, last: last[job.name], running: running[job.name] ?? [])
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

func listJSON(_ rows: [JobRow], daemon: DaemonInfo?, config: Config, zone: TimeZoneRules) -> String {
    var d = JSONObject().add("running", daemon != nil)
    if let daemon {
        d = d.add("pid", Int(daemon.pid)).add("started_at", TimeFormat.rfc3339(daemon.startedAt, zone: zone)).add("config", daemon.config)
    }
    let jobs = rows.map { r -> String in
        var o = JSONObject().add("name", r.job.name).add("schedule", r.job.schedule.words).add("timezone", r.job.timezone)
            .add("state", r.state).add("enabled", r.job.enabled).add("paused", r.paused)
            .add("next_run", r.next.map { TimeFormat.rfc3339($0, zone: zone) })
        if let l = r.last {
            o = o.raw("last_run", JSONObject().add("id", "\(l.job).\(l.run)").add("attempt", l.attempt)
                .add("started_at", TimeFormat.rfc3339(l.startedAt, zone: zone)).add("ended_at", TimeFormat.rfc3339(l.endedAt, zone: zone))
                .add("status", l.status.rawValue).add("exit_code", l.exitCode.map(Int.init)).add("signal", l.signal.map(Int.init))
                .add("duration_seconds", l.durationSeconds).text)
        } else {
            o = o.raw("last_run", "null")
        }
        return o.raw("running", "[" + r.running.map(JournalCodec.quote).joined(separator: ",") + "]").text
    }
    return JSONObject().add("config", config.path).raw("daemon", d.text).raw("jobs", "[" + jobs.joined(separator: ",\n  ") + "]").text
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
