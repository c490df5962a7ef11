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
    the config atomically (temporary file, fsync, rename; the file keeps its mode; a symlinked config
    stays a link, the file it points to is replaced) and a running daemon is told to reload. The question
    takes y, yes, n or no (Enter: yes) and is asked again otherwise.
    SIGTERM or SIGHUP (passed on to the editor) discards the changes and removes the temporary copy.
    Exit status: 0 installed or unchanged, 1 the editor failed, 2 changes discarded, 128+N after signal N.
    """,
    flags: [configFlag],
    run: runEdit
)

func runEdit(_ args: ParsedArguments) throws -> Int32 {
    guard args.positionals.isEmpty else { throw UsageError(message: "'edit' takes no arguments") }
    let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
    let original = try? FileSystem.readFile(ctx.configPath)
    // SIGTERM/SIGHUP end the session (the editor gets the signal) after the temporary copy is removed.
    let session = try EditSignals()
    defer { session.close() }
    let dir = try FileSystem.makeTemporaryDirectory(prefix: "scheduler-edit")
    defer { try? FileSystem.removeTree(dir) }
    let temp = dir + "/scheduler.toml"
    try FileSystem.writeFileAtomically(temp, original ?? Array(ExampleConfig.text.utf8), permissions: 0o600)
    let editor = [ctx.environment["VISUAL"], ctx.environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
    while true {
        let status = try runEditor(editor, file: temp, environment: ctx.environment, signals: session)
        if let s = session.received { return interrupted(s, ctx) }
        guard status.isSuccess else {
            printError("scheduler: the editor (\(editor)) \(status); \(ctx.configPath) is unchanged")
            return 1
        }
        let edited = try FileSystem.readFile(temp)
        if edited == original { print("No changes."); return 0 }
        let result = ConfigLoader(environment: ctx.environment).parse(bytes: edited, path: ctx.configPath)
        printDiagnostics(result.diagnostics, color: ctx.color(fd: 2), more: "'scheduler check --all' shows them once installed")
        if let config = result.config {
            try install(edited, at: ctx.configPath)
            print("Installed \(ctx.configPath) (\(config.jobs.count == 1 ? "1 job" : "\(config.jobs.count) jobs")).")
            return reloadDaemon(ctx, jobs: config.jobs.count, quietIfNone: true)
        }
        let again = ask("The config has errors. Edit again? [Y/n] ", signals: session)
        if let s = session.received { return interrupted(s, ctx) }
        guard again else {
            printError("scheduler: changes discarded; \(ctx.configPath) is unchanged")
            return 2
        }
    }
}

/// Ends an edit session a signal interrupted (the caller's defer removes the temporary copy): 128 + N.
private func interrupted(_ signal: Signal, _ ctx: OperatorContext) -> Int32 {
    printError("scheduler: \(signal.name) received; changes discarded, \(ctx.configPath) is unchanged")
    return 128 + signal.rawValue
}

/// Replaces the config atomically; a new config gets its directory (0700) and mode 0600. A config that is a
/// symbolic link (to a file in the app's repository, say) stays one: the file it points to is replaced.
func install(_ bytes: [UInt8], at path: String) throws {
    let target = (try? FileSystem.lstat(path))?.kind == .symbolicLink ? try FileSystem.realPath(path) : path
    try FileSystem.makeDirectories(FileSystem.parentDirectory(of: target), permissions: 0o700)
    try FileSystem.writeFileAtomically(target, bytes, permissions: 0o600)
}

/// Runs the editor command (which may carry arguments, as in EDITOR="code --wait") on `file`, through the shell.
/// A SIGTERM or SIGHUP for us is passed on to it; Ctrl-C and Ctrl-\\ are the editor's (the terminal sends them to both).
func runEditor(_ editor: String, file: String, environment: [String: String], signals: EditSignals) throws -> TerminationStatus {
    // exec: the editor is the process we wait for and pass signals to, not a shell around it.
    let request = Spawn.Request(executable: "/bin/sh", arguments: ["-c", "exec " + editor + " \"$1\"", "sh", file],
                                environment: environment, grouping: .inherit, standardInput: .inherit)
    let pid = try Spawn.launch(request)
    while true {
        if let t = try Child.waitIfExited(pid) { return t.status }
        for s in signals.wait(for: nil) where s == .term || s == .hup { try? Signals.send(s, to: pid) }
    }
}

/// Asks a yes/no question on stderr; reads the answer from stdin: y, yes, n or no (any case; empty is the
/// default, yes), else it asks again. End of input, or a signal, is no.
func ask(_ question: String, signals: EditSignals) -> Bool {
    while true {
        try? FileDescriptor.standardError.write(all: question)
        guard let answer = readAnswer(signals) else { printError(""); return false }  // no one to ask
        switch answer.lowercased() {
        case "", "y", "yes": return true
        case "n", "no": return false
        default: printError("Please answer y (yes) or n (no).")
        }
    }
}

/// One line from stdin (without its newline, spaces trimmed); nil at end of input or on a signal
/// (at the question Ctrl-C ends the session too).
private func readAnswer(_ signals: EditSignals) -> String? {
    var line: [UInt8] = []
    while true {
        for s in signals.wait(for: .standardInput) where s != .chld { signals.end(with: s); return nil }
        guard let b = try? FileDescriptor.standardInput.read(upTo: 1) else { return nil }
        guard let c = b.first else { return line.isEmpty ? nil : text(line) }
        if c == 10 { return text(line) }
        line.append(c)
    }
    func text(_ bytes: [UInt8]) -> String {
        String(String(decoding: bytes, as: UTF8.self).filter { $0 != " " && $0 != "\t" && $0 != "\r" })
    }
}

/// The edit session's signals: SIGTERM, SIGHUP, SIGINT, SIGQUIT and SIGCHLD blocked and read from a signalfd,
/// so that a SIGTERM still lets `edit` remove its temporary copy.
final class EditSignals {
    static let handled: [Signal] = [.term, .hup, .int, .quit, .chld]
    private let descriptor: SignalDescriptor
    private let saved: SignalSet
    /// The signal that ends the session: SIGTERM or SIGHUP, or SIGINT/SIGQUIT at the question.
    private(set) var received: Signal?

    func end(with signal: Signal) { if received == nil { received = signal } }

    init() throws {
        saved = try Signals.block(SignalSet(Self.handled))
        descriptor = try SignalDescriptor(SignalSet(Self.handled))
    }

    /// Waits until a signal comes or `fd` is readable; returns the signals read.
    func wait(for fd: FileDescriptor?) -> [Signal] {
        var items: [(descriptor: FileDescriptor, events: PollEvents)] = [(descriptor.descriptor, .readable)]
        if let fd { items.append((fd, .readable)) }
        _ = try? Poll.wait(items, timeout: nil)
        let got = ((try? descriptor.read()) ?? []).map(\.signal)
        if let s = got.first(where: { $0 == .term || $0 == .hup }) { end(with: s) }
        return got
    }

    func close() {
        try? descriptor.close()
        _ = try? Signals.setMask(saved)
    }
}
