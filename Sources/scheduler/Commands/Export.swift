import SchedulerCore
import SystemCalls

let exportCommand = Command(
    name: "export",
    summary: "write jobs as a crontab, systemd timers or Kubernetes CronJobs",
    usage: "--format crontab|systemd|kubernetes [JOB...] [--config PATH] [--output DIR] [--image IMAGE] [--command-prefix WORD]... [--namespace NS]",
    details: """
    Prints the jobs of the config (default: all, disabled ones marked) in another scheduler's format.
    crontab: one line per job below a '# job: NAME' comment, with flock -n (overlap) and timeout (timeout)
    wrappers, % escaped, several lines passed through printf; a job with env_file is not exported (cron could
    only source it, running its values as code); comments say what crontab can't (jitter, retry, catch_up,
    hooks); scheduler import reads it back into the same jobs. systemd: a scheduler-JOB.service and .timer
    pair per job (OnCalendar, RandomizedDelaySec, Persistent, RuntimeMaxSec) for systemctl --user, with a
    DST comment only where the job's times meet a clock change; printed one after another, or written into
    --output DIR. kubernetes: a batch/v1 CronJob per cron expression (daily = ["03:30", "15:00"] gives two),
    timeZone from the job or the system zone, comments on host paths; two jobs with one CronJob name exit 2;
    --image is required and --command-prefix words go before the command.
    """,
    flags: [
        Flag(long: "format", short: "f", value: "FORMAT", help: "crontab, systemd or kubernetes (k8s)"),
        configFlag,
        Flag(long: "output", short: "o", value: "DIR", help: "systemd: write the unit files into DIR instead of printing them"),
        Flag(long: "image", value: "IMAGE", help: "kubernetes: the container image to run jobs in"),
        Flag(long: "command-prefix", value: "WORD", help: "kubernetes: a word put before each command (repeat for more)", repeats: true),
        Flag(long: "namespace", value: "NS", help: "kubernetes: metadata.namespace of the CronJobs"),
    ],
    run: runExport
)

/// `scheduler export`: the chosen format to stdout (or files for systemd --output).
func runExport(_ args: ParsedArguments) throws -> Int32 {
    let formats = ["crontab", "systemd", "kubernetes"]
    guard let format = args.value("format").map({ $0 == "k8s" ? "kubernetes" : $0 }) else { throw UsageError(message: "--format is required", hint: "one of " + formats.joined(separator: ", ")) }
    guard formats.contains(format) else {
        throw UsageError(message: "unknown format '\(format)'", hint: Suggest.closest(to: format, in: formats).map { "did you mean '\($0)'?" })
    }
    if format != "kubernetes", let f = ["image", "command-prefix", "namespace"].first(where: { args.values[$0] != nil }) {
        throw UsageError(message: "--\(f) works only with --format kubernetes")
    }
    if format != "systemd", args.value("output") != nil { throw UsageError(message: "--output works only with --format systemd") }
    if format == "kubernetes", args.value("image") == nil { throw UsageError(message: "--format kubernetes needs --image IMAGE") }
    guard let (jobs, path) = exportJobs(args) else { return 2 }
    let now = Instant(nanoseconds: SystemClock.realtime())
    switch format {
    case "crontab": print(CrontabExport.text(jobs, source: path, systemZone: .system(), now: now), terminator: "")
    case "kubernetes":
        let options = KubernetesExport.Options(image: args.value("image")!, commandPrefix: args.all("command-prefix"),
                                               namespace: args.value("namespace"), systemZone: KubernetesExport.namedZone(.system()), now: now)
        do { print(try KubernetesExport.yaml(jobs, options: options, source: path), terminator: "") } catch {
            printError("scheduler: can't export: \(error)")
            return 2
        }
    default:
        let units = SystemdExport.units(jobs, source: path, systemZone: .system(), now: now)
        guard let dir = args.value("output") else {
            for u in units { print("### \(u.name)\n" + u.text) }
            return 0
        }
        for u in units {
            let file = dir + "/" + u.name
            // A unit with the job's env may carry secrets (tokens, passwords): readable by its owner only.
            let secret = u.text.contains("\nEnvironment=")
            do { try FileSystem.writeFileAtomically(file, Array(u.text.utf8), permissions: secret ? 0o600 : 0o644) } catch {
                printError("scheduler: can't write \(file): \(error)")
                return 1
            }
            print(file)
        }
    }
    return 0
}

/// The named jobs (default: all) of the config, or nil after printing why not.
private func exportJobs(_ args: ParsedArguments) -> ([Job], String)? {
    guard let (config, named, path) = loadConfigAndNamedJobs(args) else { return nil }
    return (args.positionals.isEmpty ? config.jobs : named, path)
}
