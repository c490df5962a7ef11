/// An entry `scheduler export --format crontab` wrote (below its `# job: NAME` comment), taken apart again:
/// `flock [-n] "$HOME"/.scheduler-NAME.lock`, `timeout -k Ks Ns`, the shell and `-c`, then the script's
/// `export K=V …; cd DIR || exit 1; ` prelude and the job's command. So `export | import` gives the jobs back.
struct ExportedEntry: Equatable {
    var command: String
    /// The shell's argv before `-c`; nil for a bare entry (cron's /bin/sh).
    var shell: [String]?
    var env: [(String, String)] = []
    var directory: String?
    /// "skip" (`flock -n`), "queue" (`flock`) or "allow" (no lock).
    var overlap = "allow"
    var timeout: String?
    var killGrace: String?
    /// Export writes a disabled job's entry as a `# (disabled) ` comment.
    var enabled = true

    static func == (a: Self, b: Self) -> Bool {
        a.command == b.command && a.shell == b.shell && a.env.elementsEqual(b.env, by: ==) && a.directory == b.directory
            && a.overlap == b.overlap && a.timeout == b.timeout && a.killGrace == b.killGrace && a.enabled == b.enabled
    }

    /// nil when `command` (cron's `%` rule already applied) is not in export's form for `job`.
    static func recognise(_ command: String, job: String) -> ExportedEntry? {
        var e = ExportedEntry(command: "")
        var rest = Substring(command)
        var probe = rest
        if ShellWords.raw(&probe) == "flock" {
            var lock = ShellWords.raw(&probe)
            if lock == "-n" { e.overlap = "skip"; lock = ShellWords.raw(&probe) } else { e.overlap = "queue" }
            guard lock == CrontabExport.lockFile(job) else { return nil }
            rest = probe
        }
        probe = rest
        if ShellWords.raw(&probe) == "timeout" {
            guard ShellWords.raw(&probe) == "-k", let k = ShellWords.raw(&probe).flatMap(CommandWrappers.duration),
                  let t = ShellWords.raw(&probe).flatMap(CommandWrappers.duration) else { return nil }
            e.killGrace = k; e.timeout = t
            rest = probe
        }
        guard let script = shellAndScript(&rest, into: &e) else { return nil }
        return prelude(script, into: &e) ? e : nil
    }

    /// `SHELL ARG… -c WORD`: the shell into `e`, the script returned. Without wrappers and `-c`, the whole
    /// command is the script.
    private static func shellAndScript(_ rest: inout Substring, into e: inout ExportedEntry) -> String? {
        var probe = rest, argv: [String] = [], sawC = false
        while let raw = ShellWords.raw(&probe), let word = ShellWords.decode(raw), argv.count < 8 {
            if word == "-c" { sawC = true; break }
            argv.append(word)
        }
        guard sawC, let first = argv.first, first.hasPrefix("/") else {
            // No shell: only a bare entry (no wrapper taken off) is the script itself.
            return e.overlap == "allow" && e.timeout == nil ? String(rest) : nil
        }
        let word = String(probe.trimmingBlanks)
        e.shell = argv
        if let lines = printfLines(word) { return lines.joined(separator: "\n") }
        return ShellWords.decode(word)
    }

    /// `"$(printf '%s\n' 'LINE' …)"` (export's form for a script of several lines): the lines.
    static func printfLines(_ word: String) -> [String]? {
        let head = "\"$(printf '%s\\n' ", tail = ")\""
        guard word.hasPrefix(head), word.hasSuffix(tail), word.count > head.count + tail.count else { return nil }
        var inner = Substring(word.dropFirst(head.count).dropLast(tail.count)), lines: [String] = []
        while let raw = ShellWords.raw(&inner) {
            guard let line = ShellWords.decode(raw) else { return nil }
            lines.append(line)
        }
        return lines.count > 1 ? lines : nil
    }

    /// `export K=V …; ` and `cd DIR || exit 1; ` in front of the command, as ExportText.shellBody writes them;
    /// a script that merely starts with `export` or `cd` keeps them in its command.
    private static func prelude(_ script: String, into e: inout ExportedEntry) -> Bool {
        var rest = Substring(script)
        if rest.hasPrefix("export ") {
            var probe = rest.dropFirst("export ".count), env: [(String, String)] = []
            while let raw = ShellWords.raw(&probe), let pair = ShellWords.decode(raw), let eq = pair.firstIndex(of: "="),
                  ConfigDecoder.isVariableName(String(pair[..<eq])) {
                env.append((String(pair[..<eq]), String(pair[pair.index(after: eq)...])))
                if probe.hasPrefix("; ") { e.env = env; rest = probe.dropFirst(2); break }
            }
        }
        if rest.hasPrefix("cd ") {
            var probe = rest.dropFirst(3)
            if let raw = ShellWords.raw(&probe), let dir = ShellWords.decode(raw), probe.hasPrefix(" || exit 1; ") {
                e.directory = dir
                rest = probe.dropFirst(" || exit 1; ".count)
            }
        }
        e.command = String(rest)
        return !e.command.isEmpty
    }
}

/// Shell words as ShellQuote writes them: bare characters, `'…'` pieces and `\x`.
enum ShellWords {
    /// The next word as written (quotes kept), ending at a blank or `;` outside quotes; nil at the end.
    static func raw(_ s: inout Substring) -> String? {
        s = s.drop { $0 == " " || $0 == "\t" }
        var i = s.startIndex, quote: Character?
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil } else if q == "\"", c == "\\", s.index(after: i) < s.endIndex { i = s.index(after: i) }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "\\", s.index(after: i) < s.endIndex {
                i = s.index(after: i)
            } else if c == " " || c == "\t" || c == ";" {
                break
            }
            i = s.index(after: i)
        }
        guard i > s.startIndex else { return nil }
        defer { s = s[i...] }
        return String(s[..<i])
    }

    /// The value of a word of bare characters, single-quoted pieces and backslash escapes; nil for anything
    /// the shell would expand or that is not closed.
    static func decode(_ raw: String) -> String? {
        var out = "", i = raw.startIndex
        while i < raw.endIndex {
            let c = raw[i]
            if c == "'" {
                guard let close = raw[raw.index(after: i)...].firstIndex(of: "'") else { return nil }
                out += raw[raw.index(after: i)..<close]
                i = raw.index(after: close)
                continue
            }
            if c == "\\" {
                i = raw.index(after: i)
                guard i < raw.endIndex else { return nil }
                out.append(raw[i])
            } else if "\"$`*?[]{}()<>|&;~#".contains(c) || c == " " || c == "\t" {
                return nil
            } else {
                out.append(c)
            }
            i = raw.index(after: i)
        }
        return out
    }
}

extension ExportedEntry {
    /// The job's own settings as `(key, TOML value)`: what export's wrappers and prelude said.
    var settings: [(String, String)] {
        var out: [(String, String)] = []
        if let shell {
            out.append(("shell", shell.count == 1 ? TOMLText.string(shell[0]) : "[" + shell.map(TOMLText.string).joined(separator: ", ") + "]"))
        }
        if let directory { out.append(("directory", TOMLText.string(directory))) }
        if let timeout { out.append(("timeout", TOMLText.string(timeout))) }
        if let killGrace, killGrace != "10s" { out.append(("kill_grace", TOMLText.string(killGrace))) }
        if overlap != "skip" { out.append(("overlap", TOMLText.string(overlap))) }
        if !enabled { out.append(("enabled", "false")) }
        return out
    }
}

extension Conversion {
    /// A job `scheduler export` wrote: its own name, and its env over the crontab's variables.
    mutating func addExported(_ entry: CrontabEntry, _ e: ExportedEntry, name: String) {
        if defaults == nil { defaults = vars }
        let (loose, own) = takeComments()
        var merged = vars
        for (k, v) in e.env {
            if let i = merged.firstIndex(where: { $0.0 == k }) { merged[i].1 = v } else { merged.append((k, v)) }
        }
        // Export writes `MAILTO=` above a job without mailto: that is no setting at all.
        merged.removeAll { $0.0 == "MAILTO" && $0.1.isEmpty }
        jobs.append(ImportedJob(name: namer.take(name), entry: entry, command: e.command, wrappers: nil, whenever: nil,
                                exported: e, vars: merged, loose: loose, comments: own))
    }
}

extension Conversion {
    /// `# (disabled) ENTRY` below export's `# job: NAME`: the job again, with `enabled = false`. Anything
    /// else stays a comment.
    mutating func addDisabled(_ text: String, line: Int) {
        guard let name = exportedName, case .job(let entry) = CrontabParser.parseLine(String(text.dropFirst(12)), number: line, system: false),
              (try? ScheduleSpec.parseCron(entry.schedule)) != nil, case (let command, nil) = CronPercent.split(entry.rawCommand),
              var e = ExportedEntry.recognise(command, job: name) else {
            pending += TOMLText.comment(String(text.dropFirst()))
            return
        }
        e.enabled = false
        addExported(entry, e, name: name)
    }
}
