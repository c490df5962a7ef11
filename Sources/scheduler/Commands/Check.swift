import SystemCalls
import SchedulerCore
import SchedulerDaemon

let checkCommand = Command(
    name: "check",
    summary: "validate scheduler.toml and list its jobs",
    usage: "[--config PATH] [--quiet] [--all] [--connect]",
    details: """
    Reads the config as the daemon would and reports every problem at once, in file order, each with
    file:line:col, the line, a caret under the key or value, and a hint. Refuses a config file (or directory)
    that group or others may write, or that belongs to another user. When the config is valid, lists each
    job with its schedule in words. Warnings (e.g. a cron day rule that surprises) don't change the status.
    A key or [table] defined twice is reported and the rest is still checked. All problems are always
    found, but only the first 50 are printed, then "… and N more (--all shows them)"; the summary line
    counts them all.
    --connect also connects to the [cluster] database, checks its tables and prints the server's version
    and the clock difference to it (exit status 1 when it can't be reached).
    Exit status: 0 valid, 2 errors (or a usage error).
    """,
    flags: [
        Flag(long: "config", short: "c", value: "PATH", help: "config file (default: $SCHEDULER_CONFIG, else $XDG_CONFIG_HOME/scheduler/scheduler.toml, else ~/.config/scheduler/scheduler.toml)"),
        Flag(long: "quiet", short: "q", help: "don't list the jobs; print only errors and warnings"),
        Flag(long: "connect", help: "also connect to the [cluster] database: its version, tables and clock offset"),
        Flag(long: "all", help: "print every error and warning (default: the first 50, then how many more)"),
    ],
    run: runCheck
)

/// `scheduler check`: diagnostics to stderr, the job list to stdout.
func runCheck(_ args: ParsedArguments) throws -> Int32 {
    if let extra = args.positionals.first {
        throw UsageError(message: "'check' takes no arguments, found '\(extra)'", hint: "name the file with --config PATH")
    }
    let env = CurrentProcess.environment()
    let path = ConfigLocation.resolve(flag: args.value("config"), environment: env)
    let result = ConfigLoader(environment: env, userID: CurrentProcess.effectiveUserID).check(path: path)
    let color = FileDescriptor.standardError.isTerminal && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    printDiagnostics(result.diagnostics, color: color, all: args.has("all"), more: "--all shows them")
    let errors = result.errors.count, warnings = result.warnings.count
    guard let config = result.config else {
        var summary = "\(path): \(plural(errors, "error"))"
        if warnings > 0 { summary += ", \(plural(warnings, "warning"))" }
        printError(summary)
        return 2
    }
    if !args.has("quiet") { print(jobList(config), terminator: "") }
    if args.has("connect") {
        return checkConnection(config, OperatorContext(configFlag: path, environment: env))
    }
    return 0
}

/// "PATH: 3 jobs (1 disabled)" and one line per job: name, schedule in words, zone, state.
func jobList(_ config: Config) -> String {
    let disabled = config.jobs.lazy.filter { !$0.enabled }.count
    var out = "\(config.path): \(plural(config.jobs.count, "job"))"
    out += disabled > 0 ? " (\(disabled) disabled)\n" : "\n"
    let width = min(32, config.jobs.lazy.map(\.name.utf8.count).max() ?? 0) + 1
    out.reserveCapacity(out.utf8.count + config.jobs.count * (width + 40))
    // Many jobs share a schedule, and putting one in words is not free (a cron line is parsed again).
    var words: [WordsKey: String] = [:]
    for job in config.jobs {
        out += "  "
        out += job.name
        out += String(repeating: " ", count: max(1, width - job.name.utf8.count))
        let key = WordsKey(job.schedule)
        if let w = words[key] { out += w } else {
            let w = job.schedule.words
            words[key] = w
            out += w
        }
        if let zone = job.timezone { out += " (" + zone + ")" }
        if !job.enabled { out += " [disabled]" }
        out += "\n"
    }
    return out
}

/// A schedule as a dictionary key (ScheduleSpec itself is only Equatable).
private struct WordsKey: Hashable {
    var kind = 0, a: Int64 = 0, b: Int64 = 0
    var list: [Int] = [], list2: [Int] = []
    var text = ""
    init(_ spec: ScheduleSpec) {
        switch spec {
        case .every(let interval, let offset): kind = 0; a = interval.nanoseconds; b = offset.nanoseconds
        case .daily(let minutes): kind = 1; list = minutes
        case .hourly(let minute): kind = 2; a = Int64(minute)
        case .weekly(let days, let minutes): kind = 3; list = days; list2 = minutes
        case .cron(let t): kind = 4; text = t
        }
    }
}

private func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
