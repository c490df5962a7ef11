import SchedulerCore
import SchedulerDaemon
import StateFormats
import SystemCalls

let psCommand = Command(
    name: "ps",
    summary: "list running job processes, like heroku ps",
    usage: "[JOB|PATTERN...] [--json] [--cluster] [--config PATH]",
    details: """
    One line per running attempt: its run id (JOB.N), how long it has been up, its pid, the attempt
    (of 1 + retry attempts) and its command; runs started by 'scheduler run' too. The state comes from the
    job lock files, held by the jobs' processes themselves, so it stays right across daemon restarts.
    Then, asked of the running daemon, the runs it waits to start: "retrying (attempt 2 of 3 at 10:42:07)"
    between attempts, "queued" behind a run in progress (overlap = "queue").
    JOB keeps that job's runs; several names and shell patterns ('shop.*', * and ?) may be given (an unknown
    name is an error, exit 2); --config shows only the jobs of that config.
    --json prints an array of objects: job, run, id, state ("running", "retrying" or "queued"), attempt,
    attempts, pid, started_at (RFC 3339), up_seconds, command, started_by ("daemon" or "run"), retry_at
    (RFC 3339 when retrying; null otherwise; pid, started_at, up_seconds and command are null for runs
    not started yet). --cluster asks the [cluster] database instead and shows the runs up on every node,
    with the node.
    """,
    flags: [Flag(long: "json", help: "print JSON (documented in scheduler(1))"),
            Flag(long: "cluster", help: "runs up on every node of [cluster], from its database"), configFlag],
    run: runPs
)

func runPs(_ args: ParsedArguments) throws -> Int32 {
    let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
    if args.has("cluster") {
        guard args.positionals.count <= 1 else { throw UsageError(message: "'ps --cluster' takes at most one job name") }
        guard selectJobs(args, ctx: ctx) != nil else { return 2 }
        return clusterSlots(args, open: true, job: args.positionals.first, limit: 10_000)
    }
    var runs = RunState.running(paths: ctx.paths)
    var pending = ctx.pendingStarts()
    guard let jobs = selectJobs(args, ctx: ctx, extra: runs.map(\.job) + pending.map(\.job)) else { return 2 }
    runs = runs.filter { jobs.matches($0.job) }
    pending = pending.filter { jobs.matches($0.job) }
    let now = Instant(nanoseconds: SystemClock.realtime())
    let zone = ctx.zone
    if args.has("json") {
        let objects = runs.map { psJSON($0, now: now, zone: zone) } + pending.map { pendingJSON($0, zone: zone) }
        print("[" + objects.joined(separator: ",\n ") + "]")
        return 0
    }
    guard !runs.isEmpty || !pending.isEmpty else {
        print(args.positionals.isEmpty ? "No job is running." : "No run of \(args.positionals.joined(separator: ", ")) is running.")
        return 0
    }
    var rows = runs.map { r in
        [r.dyno, "up for " + HumanTime.duration(.seconds(max(now.seconds - r.startedAt, 0))), "pid \(r.pid)",
         "attempt \(r.attempt)/\(r.attempts)" + (r.startedBy == "run" ? " (scheduler run)" : ""), r.command]
    }
    rows += pending.map { [$0.dyno, $0.describe(zone: zone)] }
    print(Columns.render(rows), terminator: "")
    return 0
}

func psJSON(_ r: RunState, now: Instant, zone: TimeZoneRules) -> String {
    let started = Instant(seconds: r.startedAt)
    return JSONObject()
        .add("job", r.job).add("run", r.run).add("id", r.dyno).add("state", "running").add("attempt", r.attempt).add("attempts", r.attempts)
        .add("pid", Int(r.pid)).add("started_at", TimeFormat.rfc3339(started, zone: zone))
        .add("up_seconds", Int((now - started).nanoseconds / 1_000_000_000)).add("command", r.command)
        .add("started_by", r.startedBy).add("retry_at", nil as String?).text
}

/// A run the daemon waits to start, in the shape of `psJSON`.
func pendingJSON(_ p: PendingStart, zone: TimeZoneRules) -> String {
    JSONObject()
        .add("job", p.job).add("run", p.run).add("id", p.dyno).add("state", p.kind.rawValue).add("attempt", p.attempt)
        .add("attempts", p.attempts).add("pid", nil as Int?).add("started_at", nil as String?).add("up_seconds", nil as Int?)
        .add("command", nil as String?).add("started_by", "daemon").add("retry_at", p.at.map { TimeFormat.rfc3339($0, zone: zone) }).text
}
