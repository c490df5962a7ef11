import SchedulerCore
import SchedulerDaemon
import SystemCalls

let editCommand = Command(
    name: "edit",
    summary: "edit the config safely, like crontab -e",
    usage: "[--config PATH]",
    details: """
    Opens a temporary copy of the config (a commented example when there is none) in $VISUAL, else
    $EDITOR, else vi. When the editor exits, the copy is checked as 'scheduler check' would: with errors
    they are shown and you are asked whether to edit again or discard the changes. A valid file replaces
    the config atomically (temporary file, fsync, rename; the file keeps its mode) and a running daemon
    is told to reload. Exit status: 0 installed or unchanged, 1 the editor failed, 2 changes discarded.
    """,
    flags: [configFlag],
    run: runEdit
)

func runEdit(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.isEmpty else { throw UsageError(message: "'edit' takes no arguments") }
    let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
    let original = try? FileSystem.readFile(ctx.configPath)
    let dir = try FileSystem.makeTemporaryDirectory(prefix: "scheduler-edit")
    defer { try? FileSystem.removeTree(dir) }
    let temp = dir + "/scheduler.toml"
    try FileSystem.writeFileAtomically(temp, original ?? Array(ExampleConfig.text.utf8), permissions: 0o600)
    let editor = [ctx.environment["VISUAL"], ctx.environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
    while true {
        let status = try runEditor(editor, file: temp, environment: ctx.environment)
        guard status.isSuccess else {
            printError("scheduler: the editor (\(editor)) \(status); \(ctx.configPath) is unchanged")
            return 1
        }
        let edited = try FileSystem.readFile(temp)
        if edited == original { print("No changes."); return 0 }
        let result = ConfigLoader(environment: ctx.environment).parse(bytes: edited, path: ctx.configPath)
        let color = ctx.color(fd: 2)
        for d in result.diagnostics { printError(d.render(color: color) + "\n") }
        if let config = result.config {
            try install(edited, at: ctx.configPath)
            print("Installed \(ctx.configPath) (\(config.jobs.count == 1 ? "1 job" : "\(config.jobs.count) jobs")).")
            return reloadDaemon(ctx, jobs: config.jobs.count, quietIfNone: true)
        }
        guard ask("The config has errors. Edit again? [Y/n] ") else {
            printError("scheduler: changes discarded; \(ctx.configPath) is unchanged")
            return 2
        }
    }
}

/// Replaces the config atomically; a new config gets its directory (0700) and mode 0600.
func install(_ bytes: [UInt8], at path: String) throws {
    try FileSystem.makeDirectories(FileSystem.parentDirectory(of: path), permissions: 0o700)
    try FileSystem.writeFileAtomically(path, bytes, permissions: 0o600)
}

/// Runs the editor command (which may carry arguments, as in EDITOR="code --wait") on `file`, through the shell.
func runEditor(_ editor: String, file: String, environment: [String: String]) throws -> TerminationStatus {
    let request = Spawn.Request(executable: "/bin/sh", arguments: ["-c", editor + " \"$1\"", "sh", file],
                                environment: environment, grouping: .inherit, standardInput: .inherit)
    let pid = try Spawn.launch(request)
    return try Child.wait(pid).status
}

/// Asks a yes/no question on stderr; reads the answer from stdin. Yes unless "n…"; end of input is no.
func ask(_ question: String) -> Bool {
    try? FileDescriptor.standardError.write(all: question)
    var line: [UInt8] = [], answered = false
    while let b = try? FileDescriptor.standardInput.read(upTo: 1), let c = b.first {
        if c == 10 { answered = true; break }
        line.append(c)
    }
    guard answered || !line.isEmpty else { printError(""); return false }  // end of input: no one to ask
    let answer = String(decoding: line, as: UTF8.self).lowercased()
    return !answer.hasPrefix("n")
}
