import SchedulerCore
import SchedulerDaemon
import SystemCalls

let triggerCommand = Command(
    name: "trigger",
    summary: "ask the daemon to start a job now (same as run --detach)",
    usage: "JOB [--config PATH]",
    details: """
    The running daemon starts a run of JOB now, as if it were due: the job's overlap policy applies
    (with overlap = "skip" and a run in progress it is refused; with "queue" it waits). Prints the run
    id (JOB.N) and returns at once; 'scheduler logs JOB -f' follows it. Exits 1 when no daemon runs,
    the job is paused or disabled, or the run was skipped; 2 when no job has that name (with the closest
    name as a hint).
    """,
    flags: [configFlag],
    run: { args in
        guard args.positionals.count == 1 else { throw UsageError(message: "'trigger' takes one job name") }
        let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
        return triggerRun(args.positionals[0], ctx: ctx)
    }
)
