import SchedulerCore
import SystemCalls

let importCommand = Command(
    name: "import",
    summary: "turn a crontab into scheduler.toml (printed to stdout)",
    usage: "[FILE | -] [--system | --user]",
    details: """
    Reads a crontab (FILE, or standard input for - or no FILE) and prints the same jobs as scheduler.toml:
    each entry becomes a [jobs.NAME] table with cron = "…" exactly as written, its command (with cron's %
    rule applied: the first % starts standard input, later ones are newlines) and the comments above it.
    Variable lines become [defaults] settings (SHELL → shell, CRON_TZ → timezone, MAILTO → mailto,
    HOME → directory, RANDOM_DELAY → jitter, others → env); a variable set between jobs goes to the jobs
    below it. A leading `flock -n LOCK` or `timeout DURATION` becomes the daemon's own lock and timeout.
    /etc/crontab and /etc/cron.d/* have a user field after the schedule; --system reads that format for
    other paths. What could not be carried over is listed on standard error. Try: crontab -l | scheduler
    import > scheduler.toml && scheduler check --config scheduler.toml
    """,
    flags: [
        Flag(long: "system", help: "lines have a user field (the /etc/crontab format)"),
        Flag(long: "user", help: "lines have no user field (the crontab -l format; the default except in /etc)"),
    ],
    run: runImport
)

/// `scheduler import`: TOML to stdout, notes to stderr; 1 when the file can't be read.
func runImport(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.count <= 1 else { throw UsageError(message: "'import' takes one FILE (or -)") }
    if args.has("system"), args.has("user") { throw UsageError(message: "give --system or --user, not both") }
    let path = args.positionals.first ?? "-"
    let bytes: [UInt8]
    do { bytes = path == "-" ? try FileDescriptor.standardInput.readAll() : try FileSystem.readFile(path) } catch {
        printError("scheduler: can't read \(path == "-" ? "standard input" : path): \(error)")
        return 1
    }
    let system = args.has("system") || (!args.has("user") && (path == "/etc/crontab" || path.hasPrefix("/etc/cron.d/")))
    let result = CrontabConverter.convert(String(decoding: bytes, as: UTF8.self), system: system,
                                          source: path == "-" ? "standard input" : path)
    try FileDescriptor.standardOutput.write(all: result.toml)
    if !result.notes.isEmpty {
        printError("scheduler: imported \(result.jobCount) job(s); not carried over or different:")
        for n in result.notes { printError("  - " + n) }
    }
    return 0
}
