import SchedulerCore
import SchedulerDaemon
import StateFormats
import SystemCalls

let psCommand = Command(
    name: "ps",
    summary: "list running job processes, like heroku ps",
    usage: "[JOB...] [--json]",
    details: """
    One line per running attempt: its run id (JOB.N), how long it has been up, its pid, the attempt
    (of 1 + retry attempts) and its command; runs started by 'scheduler run' too. The state comes from the
    job lock files, held by the jobs' processes themselves, so it stays right across daemon restarts.
    --json prints an array of objects: job, run, id, attempt, attempts, pid, started_at (RFC 3339),
    up_seconds, command, started_by ("daemon" or "run"). --cluster asks the [cluster] database instead and
    shows the runs up on every node, with the node.
    """,
    flags: [Flag(long: "json", help: "print JSON (documented in scheduler(1))"),
            Flag(long: "cluster", help: "runs up on every node of [cluster], from its database"), configFlag],
    run: { args in
        if args.has("cluster") { return clusterSlots(args, open: true, job: args.positionals.first, limit: 10_000) }
        let env = CurrentProcess.environment()
        let paths = StatePaths(environment: env)
        var runs = RunState.running(paths: paths)
        if !args.positionals.isEmpty { runs = runs.filter { args.positionals.contains($0.job) } }
        let now = Instant(nanoseconds: SystemClock.realtime())
        if args.has("json") {
            let zone = TimeZoneRules.system(environment: env)
            print("[" + runs.map { psJSON($0, now: now, zone: zone) }.joined(separator: ",\n ") + "]")
            return 0
        }
        guard !runs.isEmpty else {
            print(args.positionals.isEmpty ? "No job is running." : "No run of \(args.positionals.joined(separator: ", ")) is running.")
            return 0
        }
        let rows = runs.map { r in
            [r.dyno, "up for " + HumanTime.duration(.seconds(max(now.seconds - r.startedAt, 0))), "pid \(r.pid)",
             "attempt \(r.attempt)/\(r.attempts)" + (r.startedBy == "run" ? " (scheduler run)" : ""), r.command]
        }
        print(Columns.render(rows), terminator: "")
        return 0
    }
)

func psJSON(_ r: RunState, now: Instant, zone: TimeZoneRules) -> String {
    let started = Instant(seconds: r.startedAt)
    return JSONObject()
        .add("job", r.job).add("run", r.run).add("id", r.dyno).add("attempt", r.attempt).add("attempts", r.attempts)
        .add("pid", Int(r.pid)).add("started_at", TimeFormat.rfc3339(started, zone: zone))
        .add("up_seconds", Int((now - started).nanoseconds / 1_000_000_000)).add("command", r.command)
        .add("started_by", r.startedBy).text
}
