import SchedulerCore
import SystemCalls

let importCommand = Command(
    name: "import",
    summary: "turn a crontab into scheduler.toml (printed to stdout)",
    usage: "[FILE... | -] [--system | --user] [--keep-redirects]",
    details: """
    Reads crontabs (each FILE, or standard input for - or no FILE) and prints the same jobs as scheduler.toml:
    each entry becomes a [jobs.NAME] table with cron = "…" exactly as written, its command (with cron's %
    rule applied: the first % starts standard input, later ones are newlines) and the comments above it.
    Variable lines become [defaults] settings (SHELL → shell, CRON_TZ → timezone, MAILTO → mailto,
    HOME → directory, RANDOM_DELAY → jitter, others → env); a variable set between jobs goes to the jobs
    below it. A leading `flock -n LOCK` or `timeout DURATION` becomes the daemon's own lock and timeout.
    /etc/crontab and /etc/cron.d/* have a user field after the schedule; --system reads every file in that
    format, --user none. Otherwise a file is read as a system crontab when the sixth field of every entry is
    root or a user on this host followed by a command, else as a user crontab, with a WARNING naming --system
    when only some entries look that way. Which format was assumed, and why, is always said on standard
    error. Several files (scheduler import /etc/crontab /etc/cron.d/*) give one scheduler.toml without
    [defaults]: each file's variables apply to its own jobs only. Jobs the whenever gem wrote (/bin/bash -l
    -c 'cd DIR && RAILS_ENV=production bundle exec rake TASK --silent >> log/cron.log 2>&1', runner, script,
    command) become shell = ["/bin/bash", "-l"], directory (a releases/NNN path becomes the current
    symlink), env and the bare command; the >> redirect is dropped (output goes to scheduler logs) unless
    --keep-redirects. @reboot runs at the daemon's first start after a boot. Entries that scheduler export
    wrote ('# job: NAME' above them) come back as the same jobs. What could not be carried over is listed
    on standard error. Try: crontab -l | scheduler import > scheduler.toml && scheduler check --config
    scheduler.toml
    """,
    flags: [
        Flag(long: "system", help: "lines have a user field (the /etc/crontab format)"),
        Flag(long: "user", help: "lines have no user field (the crontab -l format; the default except in /etc)"),
        Flag(long: "keep-redirects", help: "keep whenever's '>> log/cron.log 2>&1' (default: dropped, output in scheduler logs)"),
    ],
    run: runImport
)

/// `scheduler import`: TOML to stdout, the assumed format and notes to stderr; 1 when a file can't be read.
func runImport(_ args: ParsedArguments) throws -> Int32 {
    if args.has("system"), args.has("user") { throw UsageError(message: "give --system or --user, not both") }
    let paths = args.positionals.isEmpty ? ["-"] : args.positionals
    if paths.count > 1, paths.contains("-") { throw UsageError(message: "'-' (standard input) can't be mixed with files") }
    let forced: Bool? = args.has("system") ? true : args.has("user") ? false : nil
    var sources: [CrontabSource] = []
    for path in paths {
        let name = path == "-" ? "standard input" : path
        let bytes: [UInt8]
        do { bytes = path == "-" ? try FileDescriptor.standardInput.readAll() : try FileSystem.readFile(path) } catch {
            printError("scheduler: can't read \(name): \(error)")
            return 1
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let format = CrontabFormat.decide(text, path: path, forced: forced) { (try? CurrentProcess.account(named: $0)) != nil }
        printError("scheduler: " + format.describe(name))
        if let warning = format.warning { printError("scheduler: WARNING: \(name): " + warning) }
        sources.append(CrontabSource(text: text, system: format.system, name: name))
    }
    let result = CrontabConverter.convert(sources, keepRedirects: args.has("keep-redirects"))
    try FileDescriptor.standardOutput.write(all: result.toml)
    if !result.notes.isEmpty {
        printError("scheduler: imported \(result.jobCount) job(s); not carried over or different:")
        for n in result.notes { printError("  - " + n) }
    }
    return 0
}
