import SchedulerCore
import SchedulerDaemon
import SystemCalls

let daemonCommand = Command(
    name: "daemon",
    summary: "run the jobs in the foreground (what the service runs)",
    usage: "[--config PATH]",
    details: """
    Runs every enabled job on its schedule until SIGTERM or SIGINT, then waits for running jobs
    (daemon.shutdown_grace) and exits 0. SIGHUP or saving the config file reloads it; a config with
    errors is reported and the running one kept. Logs go to $XDG_STATE_HOME/scheduler/logs/scheduler.log
    and stderr; finished runs to $XDG_STATE_HOME/scheduler/history.jsonl. One daemon per config file:
    a second one exits 1 naming the running one's pid. Speaks the systemd notify protocol.
    """,
    flags: [
        Flag(long: "config", short: "c", value: "PATH", help: "config file (default: $SCHEDULER_CONFIG, else ~/.config/scheduler/scheduler.toml)"),
    ],
    run: { args in
        guard args.positionals.isEmpty else { throw UsageError(message: "'daemon' takes no arguments") }
        let env = CurrentProcess.environment()
        let path = ConfigLocation.resolve(flag: args.value("config"), environment: env)
        do {
            let daemon = try DaemonRuntime(options: DaemonOptions(configPath: path, environment: env))
            return daemon.run()
        } catch let e as DaemonStartError {
            printError(e.status == 2 ? e.message : "scheduler: \(e.message)")
            return e.status
        }
    }
)
