import SystemCalls
import SchedulerCore
import SchedulerDaemon
import SystemCalls

/// Dispatches `scheduler COMMAND …`; returns the exit status.
func runMain(_ args: [String]) -> Int32 {
    guard let first = args.first else { print(Help.overview(commands)); return 2 }
    switch first {
    case "--help", "-h": print(Help.overview(commands)); return 0
    case "--version", "-V", "version": print("scheduler \(Help.version)"); return 0
    case "help":
        guard let name = args.dropFirst().first else { print(Help.overview(commands)); return 0 }
        guard let c = findCommand(name) else { return usage(UsageError(message: "unknown command '\(name)'", hint: hint(name))) }
        print(Help.command(c)); return 0
    default: break
    }
    guard let c = findCommand(first) else {
        let what = first.hasPrefix("-") ? "unknown option '\(first)'" : "unknown command '\(first)'"
        return usage(UsageError(message: what, hint: hint(first)))
    }
    do {
        let parsed = try c.parse(Array(args.dropFirst()))
        if parsed.has("help") { print(Help.command(c)); return 0 }
        // Commands that read or write our state refuse directories another user planted (issue 12).
        if stateCommands.contains(c.name) { try StateDirectories.check(StatePaths(environment: CurrentProcess.environment())) }
        return try c.run(parsed)
    } catch let e as StateDirectoryError {
        printError("scheduler: \(e.message)")
        printError("hint: \(e.hint)")
        return 2
    } catch let e as UsageError {
        return usage(e, command: c)
    } catch {
        printError("scheduler: \(error)")
        return 1
    }
}

/// Commands that touch the state or runtime directories.
let stateCommands: Set<String> = ["daemon", "run", "history", "logs", "ps", "list", "trigger", "pause", "resume", "reload"]

private func hint(_ word: String) -> String? {
    let names = commands.flatMap { [$0.name] + $0.aliases } + ["help", "--help", "--version"]
    return Suggest.closest(to: word, in: names).map { "did you mean '\($0)'?" }
}

private func usage(_ e: UsageError, command: Command? = nil) -> Int32 {
    printError("scheduler: \(e.message)")
    if let h = e.hint { printError("hint: \(h)") }
    printError("Run 'scheduler \(command.map { $0.name + " " } ?? "")--help' for usage.")
    return 2
}

StandardStreams.bufferOutput()
let status = runMain(Array(CommandLine.arguments.dropFirst()))
StandardStreams.flushOutput()
CurrentProcess.exit(status)
