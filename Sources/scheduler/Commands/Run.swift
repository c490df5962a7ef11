import SchedulerCore
import SchedulerDaemon
import SystemCalls

let runCommand = Command(
    name: "run",
    summary: "run a job now in the foreground, like heroku run (--detach: the daemon starts it)",
    usage: "JOB [--wait | --no-lock] [--config PATH] [-- ARGS...]\n       scheduler run --detach JOB",
    details: """
    Runs one attempt of JOB now, in the foreground, as the daemon would: its environment, directory,
    timeout and lock. Output streams live to this terminal and into the log as run JOB.N; the run is
    recorded in the history. Exits with the job's status (128+N when a signal ended it); Ctrl-C and
    SIGTERM/SIGHUP/SIGQUIT reach the job's process group. ARGS after -- are appended to an exec
    argv; a command line gets them as its positional parameters ("$@", $1 …; $0 is the job's name).
    When the job's lock is held (a run is in progress) it says since when and exits 1 (overlap =
    "queue": waits, as --wait). Works with or without a daemon.
    A cluster job (with [cluster]) is claimed as a manual slot in the cluster database first: a run up on
    any node refuses it (overlap = "skip") or waits for it ("queue", --wait); the row shows in ps and
    history --cluster. Database unreachable: exit 1 (when_unreachable = "skip") or run unrecorded ("run").
    With --detach (or 'scheduler trigger JOB') the daemon starts the run and the command prints its
    id (JOB.N) at once; that needs a running daemon.
    """,
    flags: [
        Flag(long: "wait", short: "w", help: "wait for a run in progress to end, then run"),
        Flag(long: "no-lock", help: "don't take the job's lock (run even while another run is in progress)"),
        Flag(long: "detach", short: "d", help: "ask the daemon to start the run and return at once with its id"),
        configFlag,
    ],
    takesRest: true,
    run: runRun
)

func runRun(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.count == 1 else {
        throw UsageError(message: args.positionals.isEmpty ? "'run' needs a job name" : "'run' takes one job name; put the job's arguments after --",
                         hint: args.positionals.isEmpty ? "'scheduler list' shows the jobs" : nil)
    }
    if args.has("wait"), args.has("no-lock") { throw UsageError(message: "--wait and --no-lock don't go together") }
    let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
    if args.has("detach") {
        guard args.rest.isEmpty else { throw UsageError(message: "--detach takes no arguments after --") }
        return triggerRun(args.positionals[0], ctx: ctx)
    }
    guard let config = loadConfigOrReport(ctx) else { return 2 }
    guard let job = findJob(args.positionals[0], in: config) else { return 2 }
    let mode: ForegroundRun.LockMode = args.has("no-lock") ? .ignore : args.has("wait") ? .wait : .take
    let run = ForegroundRun(job: job, config: config, environment: ctx.environment, extraArgs: args.rest, lockMode: mode,
                            say: printError)
    run.announce = FileDescriptor.standardError.isTerminal
    return try run.run()
}

/// `run --detach` / `trigger`: the daemon starts the run; prints its id.
func triggerRun(_ job: String, ctx: OperatorContext) -> Int32 {
    // An unknown name is a usage error, as in every command: checked against the config, or (when the file
    // has errors) against the jobs the daemon runs.
    if let config = ctx.loadConfig().config {
        if findJob(job, in: config) == nil { return 2 }
    } else if let names = ctx.daemonJobs()?.map(\.name), !names.contains(job) {
        reportUnknownJob(job, known: names, place: "the jobs the daemon runs")
        return 2
    }
    do {
        let reply = try ControlClient.request("trigger \(job)", paths: ctx.paths, config: ctx.configPath)
        let parts = reply.split(separator: " ")
        print(parts.last.map(String.init) ?? reply)
        if parts.first == "queued" { printError("scheduler: queued: it starts when the run in progress ends") }
        return 0
    } catch let e as ControlClient.NoDaemon {
        return noDaemon(ctx, e, alternative: "or run it in the foreground with 'scheduler run \(job)'")
    } catch {
        printError("scheduler: \(error)")
        return 1
    }
}
