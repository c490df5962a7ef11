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
    printConfigErrors(result.errors, path: ctx.configPath, color: ctx.color(fd: 2))
    return nil
}

/// A config's errors (the first 50) and what to do about them.
func printConfigErrors(_ errors: [Diagnostic], path: String, color: Bool) {
    printDiagnostics(errors, color: color, more: "'scheduler check --all' shows them")
    // A missing file's one diagnostic already says how to create it; "has errors" would mislead.
    if FileSystem.exists(path) {
        printError("scheduler: \(path) has errors; 'scheduler check' shows them, 'scheduler edit' fixes them")
    }
}

/// How many diagnostics a command prints before "… and N more" (10,000 broken jobs made 20,000 errors).
let diagnosticsShown = 50

/// Prints diagnostics in file order: all of them with `all`, else the first 50 and how many more there
/// are (`more` says how to see them).
func printDiagnostics(_ diagnostics: [Diagnostic], color: Bool, all: Bool = false, more: String) {
    let shown = all ? diagnostics[...] : diagnostics.prefix(diagnosticsShown)
    for d in shown { printError(d.render(color: color) + "\n") }
    if shown.count < diagnostics.count { printError("… and \(diagnostics.count - shown.count) more (\(more))") }
}
