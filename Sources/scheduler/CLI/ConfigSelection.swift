import SchedulerCore
import SystemCalls

/// The config from `--config` (else the default location) and the jobs named as positional arguments.
/// On an invalid config or an unknown job it prints why and returns nil: the caller exits 2.
func loadConfigAndNamedJobs(_ args: ParsedArguments) -> (config: Config, named: [Job], path: String)? {
    let env = CurrentProcess.environment()
    let path = ConfigLocation.resolve(flag: args.value("config"), environment: env)
    let result = ConfigLoader(environment: env, userID: CurrentProcess.effectiveUserID).check(path: path)
    guard let config = result.config else {
        printConfigErrors(result.errors, path: path, color: false)
        return nil
    }
    var jobs: [Job] = []
    for name in args.positionals {
        guard let job = findJob(name, in: config) else { return nil }
        if !jobs.contains(where: { $0.name == name }) { jobs.append(job) }
    }
    return (config, jobs, path)
}
