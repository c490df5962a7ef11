import SchedulerCore
import SchedulerDaemon
import SystemCalls

let reloadCommand = Command(
    name: "reload",
    summary: "have the running daemon re-read its config",
    usage: "[--config PATH]",
    details: """
    Checks the config first: with errors it shows them and exits 2, and the daemon keeps running the
    config it has. Otherwise asks the daemon (over its control socket) to reload, like SIGHUP.
    Exits 1 when no daemon runs for this config, or when the daemon refuses the change because it
    needs a restart ([cluster] node or name changed, [cluster] added or removed).
    """,
    flags: [configFlag],
    run: { args in
        guard args.positionals.isEmpty else { throw UsageError(message: "'reload' takes no arguments") }
        let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
        guard let config = loadConfigOrReport(ctx) else { return 2 }
        return reloadDaemon(ctx, jobs: config.jobs.count, quietIfNone: false)
    }
)

/// Asks the daemon to reload; says what happened. 1 when there is no daemon (unless `quietIfNone`).
func reloadDaemon(_ ctx: OperatorContext, jobs: Int, quietIfNone: Bool) -> Int32 {
    do {
        _ = try ControlClient.request("reload", paths: ctx.paths, config: ctx.configPath)
        print("Reloaded \(ctx.configPath): \(jobs == 1 ? "1 job" : "\(jobs) jobs")")
        return 0
    } catch let e as ControlClient.NoDaemon {
        if quietIfNone { print("No daemon is running; it will use the new config when it starts."); return 0 }
        return noDaemon(ctx, e)
    } catch {
        printError("scheduler: the daemon did not reload: \(error)")
        return 1
    }
}
