import SchedulerCore
import SchedulerDaemon
import SystemCalls

let pauseCommand = Command(
    name: "pause",
    summary: "stop starting new runs of jobs until resumed (kept across restarts)",
    usage: "JOB... [--config PATH]",
    details: """
    Paused jobs are listed in $XDG_STATE_HOME/scheduler/paused, which the daemon reads when it starts and
    whenever it reloads; a paused job is not started on schedule or by trigger (a run in progress
    finishes, and 'scheduler run JOB' still works). 'scheduler list' shows the state; 'scheduler resume'
    undoes it. Tells a running daemon to reload; works without one too.
    """,
    flags: [configFlag],
    run: { args in try changePaused(args, pause: true) }
)

/// `pause` and `resume`: update the paused file, then have a running daemon reload.
func changePaused(_ args: ParsedArguments, pause: Bool) throws -> Int32 {
    let verb = pause ? "pause" : "resume"
    guard !args.positionals.isEmpty else { throw UsageError(message: "'\(verb)' needs at least one job name", hint: "'scheduler list' shows the jobs") }
    let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
    guard let config = loadConfigOrReport(ctx) else { return 2 }
    var paused = PausedJobs.read(ctx.paths)
    var changed: [String] = []
    for name in args.positionals {
        if config.job(named: name) == nil, !paused.contains(name) {
            _ = findJob(name, in: config)
            return 2
        }
        if paused.contains(name) == pause {
            print("\(name) is \(pause ? "already paused" : "not paused")")
        } else {
            if pause { paused.insert(name) } else { paused.remove(name) }
            changed.append(name)
        }
    }
    guard !changed.isEmpty else { return 0 }
    do { try PausedJobs.write(paused, paths: ctx.paths) } catch {
        printError("scheduler: can't write \(ctx.paths.pausedFile): \(error)")
        return 1
    }
    let what = pause ? "Paused" : "Resumed"
    do {
        _ = try ControlClient.request("reload", paths: ctx.paths, config: ctx.configPath)
        print("\(what) \(changed.joined(separator: ", "))" + (pause ? " (a run in progress finishes)" : ""))
    } catch is ControlClient.NoDaemon {
        print("\(what) \(changed.joined(separator: ", ")); no daemon is running, it applies when one starts")
    } catch {
        print("\(what) \(changed.joined(separator: ", ")) in \(ctx.paths.pausedFile)")
        printError("scheduler: the daemon did not reload: \(error)")
        return 1
    }
    return 0
}
