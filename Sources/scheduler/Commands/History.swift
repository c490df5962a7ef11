import SchedulerCore
import SchedulerDaemon
import SystemCalls

let historyCommand = Command(
    name: "history",
    summary: "show finished runs",
    usage: "[JOB|PATTERN...] [-n N] [--failed] [--since DURATION|TIME] [--json] [--cluster] [--config PATH]",
    details: """
    One run attempt per line, oldest first (a stretch of skipped runs is one line: "skipped 3,599 times,
    10:00:01–10:59:59"): job, run number, attempt, status, exit code or signal,
    start time, duration, CPU seconds and peak memory. Reads $XDG_STATE_HOME/scheduler/history.jsonl
    and its rotated files (history.jsonl.1, .2 …) from the end, newest first, only as far as needed,
    so -n and --since are fast on a long history. --since takes a duration back from now ("2h", "3d")
    or an RFC 3339 time ("2026-11-28T09:00:00+01:00"). --json prints the journal lines as stored.
    JOB keeps that job's runs; several names and shell patterns ('shop.*', * and ?) may be given; an
    unknown name is an error (exit 2) unless the job has history. The history is per user (one daemon
    runs all of a user's jobs): --config shows only the jobs of that config. On a terminal failed,
    timed-out and killed runs are red (not with NO_COLOR).
    --cluster reads the [cluster] database instead: the latest finished slots of every node, with the
    node that ran each (--json: one object per line with job, node, attempt, kind, status, scheduled_at,
    run, started_at, ended_at, exit_code, pid).
    """,
    flags: [
        Flag(long: "lines", short: "n", value: "N", help: "show the last N runs (default 20; 0 for all)"),
        Flag(long: "failed", help: "only runs that failed, timed out or were killed"),
        Flag(long: "since", value: "WHEN", help: "only runs started after WHEN: a duration ago (\"2h\") or an RFC 3339 time"),
        Flag(long: "json", help: "print JSON lines (the journal's own format)"),
        Flag(long: "cluster", help: "runs of every node, from the [cluster] database (not the local history)"),
        configFlag,
    ],
    run: { args in
        let count = try args.int("lines") ?? 20
        guard count >= 0 else { throw UsageError(message: "--lines takes a number ≥ 0, not \(count)") }
        let now = Instant(nanoseconds: SystemClock.realtime())
        let since = try args.value("since").map { try parseSince($0, now: now) }
        let failed = args.has("failed")
        let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
        guard let jobs = selectJobs(args, ctx: ctx) else { return 2 }
        if args.has("cluster") {
            guard args.positionals.count <= 1 else { throw UsageError(message: "'history --cluster' takes at most one job name") }
            return clusterSlots(args, open: false, job: args.positionals.first, limit: count == 0 ? 1_000_000 : count)
        }
        let filter: (JournalRecord) -> Bool = { r in
            jobs.matches(r.job) && (!failed || [.failed, .timedOut, .killed].contains(r.status))
                && (since == nil || (r.isSkipStretch ? r.endedAt : r.startedAt) >= since!)  // a stretch: its last skip
        }
        let (records, warnings) = try Journal.tail(path: ctx.paths.journal, count: count == 0 ? Int.max : count, since: since, filter: filter)
        for w in warnings { printError("scheduler: warning: \(w)") }
        let zone = TimeZoneRules.system()
        if args.has("json") {
            for r in records { print(JournalCodec.encode(r, zone: zone)) }
        } else {
            print(HistoryTable.render(records, zone: zone, color: ctx.color(fd: 1)), terminator: "")
        }
        return 0
    }
)

/// `--since`: a duration back from now, or an RFC 3339 instant.
func parseSince(_ text: String, now: Instant) throws -> Instant {
    if let t = TimeFormat.parseRFC3339(text) { return t }
    do throws(DurationSyntaxError) { return now - (try DurationSyntax.parse(text)) } catch {
        throw UsageError(message: "--since takes a duration (\"2h\") or an RFC 3339 time, not '\(text)'", hint: error.hint)
    }
}
