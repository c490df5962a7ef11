#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import SchedulerCore

let checkCommand = Command(
    name: "check",
    summary: "validate scheduler.toml and list its jobs",
    usage: "[--config PATH] [--quiet]",
    details: """
    Reads the config as the daemon would and reports every problem at once, in file order, each with
    file:line:col, the line, a caret under the key or value, and a hint. Refuses a config file (or directory)
    that group or others may write, or that belongs to another user. When the config is valid, lists each
    job with its schedule in words. Warnings (e.g. a cron day rule that surprises) don't change the status.
    Exit status: 0 valid, 2 errors (or a usage error).
    """,
    flags: [
        Flag(long: "config", short: "c", value: "PATH", help: "config file (default: $SCHEDULER_CONFIG, else $XDG_CONFIG_HOME/scheduler/scheduler.toml, else ~/.config/scheduler/scheduler.toml)"),
        Flag(long: "quiet", short: "q", help: "don't list the jobs; print only errors and warnings"),
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
    let result = ConfigLoader(environment: env, userID: geteuid()).check(path: path)
    let color = isatty(2) == 1 && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    for d in result.diagnostics {
        printError(d.render(color: color) + "\n")
    }
    let errors = result.errors.count, warnings = result.warnings.count
    guard let config = result.config else {
        var summary = "\(path): \(plural(errors, "error"))"
        if warnings > 0 { summary += ", \(plural(warnings, "warning"))" }
        printError(summary)
        return 2
    }
    if !args.has("quiet") { print(jobList(config), terminator: "") }
    return 0
}

/// "PATH: 3 jobs (1 disabled)" and one line per job: name, schedule in words, zone, state.
func jobList(_ config: Config) -> String {
    let disabled = config.jobs.lazy.filter { !$0.enabled }.count
    var out = "\(config.path): \(plural(config.jobs.count, "job"))"
    out += disabled > 0 ? " (\(disabled) disabled)\n" : "\n"
    let width = min(32, config.jobs.lazy.map(\.name.utf8.count).max() ?? 0) + 1
    out.reserveCapacity(out.utf8.count + config.jobs.count * (width + 40))
    // Many jobs share a cron line, and putting one in words parses it again.
    var cronWords: [String: String] = [:]
    for job in config.jobs {
        out += "  "
        out += job.name
        out += String(repeating: " ", count: max(1, width - job.name.utf8.count))
        if case .cron(let text) = job.schedule {
            if let w = cronWords[text] { out += w } else {
                let w = job.schedule.words
                cronWords[text] = w
                out += w
            }
        } else {
            out += job.schedule.words
        }
        if let zone = job.timezone { out += " (" + zone + ")" }
        if !job.enabled { out += " [disabled]" }
        out += "\n"
    }
    return out
}

private func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
