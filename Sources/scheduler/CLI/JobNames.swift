import SchedulerCore
import SchedulerDaemon
import SystemCalls

// Job names on the command line, checked the same way by every command that takes them: an unknown
// name is a usage error (exit 2) with a did-you-mean hint. A job no longer in the config that still has
// history counts as known where history is read (logs, history, ps).

/// Says that no job is named `name` (or matches a pattern) among `known`, with the closest name as a hint.
func reportUnknownJob(_ name: String, known: some Sequence<String>, place: String) {
    let pattern = JobSelector.isPattern(name)
    printError("scheduler: " + (pattern ? "no job matches '\(name)'" : "no job named '\(name)'") + " in \(place)")
    if !pattern, let s = Suggest.closest(to: name, in: known) {
        printError("hint: did you mean '\(s)'?")
    } else {
        printError("hint: 'scheduler list' shows the jobs" + (pattern ? "; a pattern takes * and ?, e.g. 'shop.*'" : ""))
    }
}

/// The job named `name` in `config`, or nil after saying there is none (the caller exits 2).
func findJob(_ name: String, in config: Config) -> Job? {
    if let job = config.job(named: name) { return job }
    reportUnknownJob(name, known: config.jobs.map(\.name), place: config.path)
    return nil
}

/// The jobs `logs`, `history` and `ps` show, from their JOB arguments (names or patterns) and --config;
/// nil after reporting an unknown name (exit 2). Known jobs: the config's (--config's, else the default
/// one when it loads), `extra` (e.g. running ones) and every job with history; with --config only that
/// config's jobs are shown (and a job named that has history, though no longer in it).
func selectJobs(_ args: ParsedArguments, ctx: OperatorContext, extra: [String] = []) -> JobSelector? {
    let explicit = args.value("config") != nil
    if !explicit, args.positionals.isEmpty { return JobSelector() }  // every job: nothing to check
    var configJobs: [String] = []
    if explicit {
        guard let config = loadConfigOrReport(ctx) else { return nil }
        configJobs = config.jobs.map(\.name)
    } else if FileSystem.exists(ctx.configPath) {
        configJobs = ctx.loadConfig().config?.jobs.map(\.name) ?? []
    }
    var within: Set<String>? = explicit ? Set(configJobs) : nil
    var known = Set(configJobs).union(extra)
    if !explicit { known.formUnion(KnownJobs.withHistory(ctx.paths) ?? []) }
    for term in args.positionals {
        if JobSelector.isPattern(term) {
            if known.contains(where: { JobSelector.glob(term, matches: $0) }) { continue }
        } else if known.contains(term) || JobSelector.isRun(term, of: known) {
            continue  // a job, or one of its runs (`logs backup.41`)
        } else if KnownJobs.hasHistory(term, paths: ctx.paths) {
            within?.insert(term)
            continue
        }
        reportUnknownJob(term, known: known, place: explicit ? ctx.configPath : "\(ctx.configPath) or the history")
        return nil
    }
    return JobSelector(terms: args.positionals, within: within)
}
