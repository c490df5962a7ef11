import SchedulerCore
import SchedulerDaemon
import SystemCalls

let logsCommand = Command(
    name: "logs",
    summary: "show the log (job output and scheduler events), like heroku logs",
    usage: "[JOB|PATTERN...] [-n N] [--tail] [--since DURATION|TIME] [--source app|scheduler] [--json] [--config PATH]",
    details: """
    Prints the last N lines (default 100) of $XDG_STATE_HOME/scheduler/logs/scheduler.log and its rotated
    files, oldest first, reading from the end. Lines look like
    2026-11-28T17:33:29.123456+01:00 app[greet.12]: hello, where app lines are a job's output and
    scheduler lines are events (started, exited, skipped, retried); a hook's output is app[greet.12.on_failure].
    JOB keeps the lines of that job's runs; several names and shell patterns ('shop.*', * and ?) may be
    given. An unknown name is an error (exit 2) unless the job has history. The log is per user, like
    the history: --config shows only the jobs of that config.
    --tail (-f) then follows new lines, across rotation, until Ctrl-C.
    --json prints one object per line: time, source, dyno, job, run, message.
    """,
    flags: [
        Flag(long: "num", short: "n", value: "N", help: "how many lines to show (default 100; 0 with --tail: only new ones)"),
        Flag(long: "tail", short: "f", help: "keep printing new lines until Ctrl-C"),
        Flag(long: "since", value: "WHEN", help: "only lines after WHEN: a duration ago (\"2h\") or an RFC 3339 time"),
        Flag(long: "source", value: "SOURCE", help: "only 'app' (job output) or 'scheduler' (events) lines"),
        Flag(long: "json", help: "print JSON lines (documented in scheduler(1))"),
        configFlag,
    ],
    run: runLogs
)

func runLogs(_ args: ParsedArguments) throws -> Int32 {
    let count = try args.int("num") ?? 100
    guard count >= 0 else { throw UsageError(message: "-n takes a number ≥ 0, not \(count)") }
    if let s = args.value("source"), s != "app", s != "scheduler" {
        throw UsageError(message: "--source takes 'app' or 'scheduler', not '\(s)'")
    }
    let env = CurrentProcess.environment()
    let now = Instant(nanoseconds: SystemClock.realtime())
    let since = try args.value("since").map { try parseSince($0, now: now) }
    let ctx = OperatorContext(configFlag: args.value("config"), environment: env)
    guard let jobs = selectJobs(args, ctx: ctx) else { return 2 }
    let filter = LogFilter(jobs: jobs, source: args.value("source"), since: since)
    let path = ctx.paths.log
    let json = args.has("json")
    let color = !json && FileDescriptor.standardOutput.isTerminal && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    let show: ([String]) -> Void = { lines in
        for l in lines { print(json ? logJSON(Substring(l)) : color ? paintLog(Substring(l)) : l) }
    }
    guard args.has("tail") else {
        show(LogReader.tail(path: path, count: count, filter: filter))
        return 0
    }
    let follower = LogFollower(path: path)
    show(LogReader.tail(path: path, count: count, filter: filter, newest: follower.start()))
    StandardStreams.flushOutput()
    follower.follow { lines in
        let kept = lines.filter { filter.check(Substring($0)).pass }
        guard !kept.isEmpty else { return }
        show(kept)
        StandardStreams.flushOutput()
    }
}

/// One log line as JSON: time, source, dyno, job, run, message (nulls for a line not in our format).
func logJSON(_ line: Substring) -> String {
    guard let p = LogFormat.parse(line) else {
        return JSONObject().add("time", nil as String?).add("source", nil as String?).add("dyno", nil as String?)
            .add("job", nil as String?).add("run", nil as Int?).add("message", String(line)).text
    }
    let job = p.dyno == "scheduler" ? nil : JobSelector.job(ofDyno: p.dyno)
    let rest = job.map { p.dyno.dropFirst($0.count).dropFirst() } ?? ""
    let run = Int(rest.prefix { $0 != "." })
    return JSONObject().add("time", String(p.time)).add("source", String(p.source)).add("dyno", String(p.dyno))
        .add("job", job.map(String.init)).add("run", run).add("message", String(p.message)).text
}

/// Heroku's colouring: the source and dyno in colour, app lines in cyan, scheduler lines in magenta.
func paintLog(_ line: Substring) -> String {
    guard let p = LogFormat.parse(line) else { return String(line) }
    let code = p.source == "app" ? "36" : "35"
    return "\(p.time) " + Columns.paint("\(p.source)[\(p.dyno)]:", code, on: true) + " \(p.message)"
}
