import SchedulerCore
import SchedulerDaemon
import SystemCalls

// What several commands share: the --config flag, "no daemon", the config or its errors, a job by name.

/// --config, as every command that reads the config takes it.
let configFlag = Flag(long: "config", short: "c", value: "PATH", help: "config file (default: $SCHEDULER_CONFIG, else ~/.config/scheduler/scheduler.toml)")

/// Says that the command needs a daemon and how to start one; exit status 1.
func noDaemon(_ ctx: OperatorContext, _ e: ControlClient.NoDaemon? = nil, alternative: String? = nil) -> Int32 {
    printError("scheduler: no daemon is running for \(ctx.configPath)")
    printError("hint: \(OperatorContext.startHint)" + (alternative.map { "; " + $0 } ?? ""))
    return 1
}

/// The config, or nil after printing its errors (the caller exits 2).
func loadConfigOrReport(_ ctx: OperatorContext) -> Config? {
    let result = ctx.loadConfig()
    if let config = result.config { return config }
    let color = ctx.color(fd: 2)
    for d in result.errors { printError(d.render(color: color) + "\n") }
    printError("scheduler: \(ctx.configPath) has errors; 'scheduler check' shows them, 'scheduler edit' fixes them")
    return nil
}

/// The job named `name`, or nil after saying there is none (with a suggestion).
func findJob(_ name: String, in config: Config) -> Job? {
    if let job = config.job(named: name) { return job }
    printError("scheduler: no job named '\(name)' in \(config.path)")
    if let s = Suggest.closest(to: name, in: config.jobs.map(\.name)) { printError("hint: did you mean '\(s)'?") }
    return nil
}
