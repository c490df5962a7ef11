/// The result of `scheduler import`: scheduler.toml text and what did not carry over.
public struct CrontabImport: Sendable {
    public var toml: String
    /// What could not be carried over or behaves differently, one message each ("line 12: …").
    public var notes: [String]
    public var jobCount: Int
}

/// One crontab to import: its text, whether its lines carry a user field, and its name for comments and notes.
public struct CrontabSource: Sendable {
    public var text: String
    public var system: Bool
    public var name: String
    public init(text: String, system: Bool, name: String) { self.text = text; self.system = system; self.name = name }
}

/// Converts crontabs (user format, or system format with a user field) to scheduler.toml text.
public enum CrontabConverter {
    /// `source` names the input in the header comment (a path, or "standard input").
    public static func convert(_ text: String, system: Bool, source: String) -> CrontabImport {
        convert([CrontabSource(text: text, system: system, name: source)])
    }

    /// Several files into one scheduler.toml. With more than one, there is no `[defaults]`: each job carries its own
    /// file's variables, so one file's `MAILTO` or `PATH` never reaches another file's jobs.
    /// `keepRedirects` keeps whenever's `>> log/cron.log 2>&1` (by default output goes to `scheduler logs`).
    public static func convert(_ sources: [CrontabSource], keepRedirects: Bool = false) -> CrontabImport {
        var namer = JobNamer(), body: [String] = [], notes: [String] = [], count = 0
        let several = sources.count > 1
        for source in sources {
            var c = Conversion(namer: namer, keepRedirects: keepRedirects)
            for (number, kind) in CrontabParser.parse(source.text, system: source.system) { c.add(kind, line: number) }
            if several { body += ["", "# ---- from \(source.name) ----"] }
            // export's own crontab: each job its own settings, so its `MAILTO=` (no mail) needs no override.
            body += c.finish(sharedDefaults: !several && !c.jobs.allSatisfy { $0.exported != nil })
            namer = c.namer
            notes += several ? c.notes.map { "\(source.name): \($0)" } : c.notes
            count += c.jobs.count
        }
        let names = sources.map(\.name).joined(separator: ", ")
        let out = ["# scheduler.toml imported from \(names) by 'scheduler import'.",
                   "# Check it with 'scheduler check --config FILE' before you use it."] + body
        return CrontabImport(toml: out.joined(separator: "\n") + "\n", notes: notes, jobCount: count)
    }
}

/// One imported job before it is written out.
struct ImportedJob {
    var name: String
    var entry: CrontabEntry
    var command: String
    var wrappers: CommandWrappers?
    var whenever: WheneverJob?
    /// An entry of `scheduler export`, below its `# job: NAME` comment.
    var exported: ExportedEntry? = nil
    var vars: [(String, String)]
    var loose: [String]
    var comments: [String]
}

/// The state of one conversion, line by line.
struct Conversion {
    var vars: [(String, String)] = []
    /// The variables set before the first job: they become `[defaults]`.
    var defaults: [(String, String)]?
    var pending: [String] = []
    var header: [String] = []
    var jobs: [ImportedJob] = []
    var notes: [String] = []
    var users: [String] = []
    /// Job lines left out as comments (a bad schedule, no command).
    var leftOut = 0
    var namer: JobNamer
    var keepRedirects = false
    /// The name of export's `# job: NAME` comment, for the entries below it.
    var exportedName: String?

    mutating func add(_ kind: CrontabLine, line: Int) {
        switch kind {
        case .blank:
            exportedName = nil
            if !pending.isEmpty, pending.last != "" { pending.append("") }
        case .comment(let text) where text.hasPrefix(" job: "): exportedName = String(text.dropFirst(6).trimmingBlanks)
        case .comment(let text) where exportedName != nil && text.hasPrefix(" (disabled) "): addDisabled(text, line: line)
        case .comment(let text): pending += TOMLText.comment(text.hasPrefix(" ") ? String(text.dropFirst()) : text)
        case .variable(let name, let value):
            if let i = vars.firstIndex(where: { $0.0 == name }) { vars[i].1 = value } else { vars.append((name, value)) }
        case .invalid(let text, let reason):
            notes.append("line \(line): \(reason); left out as a comment")
            leftOut += 1
            pending += TOMLText.comment("not imported (line \(line): \(reason)): \(text)")
        case .job(let entry): addJob(entry)
        }
    }

    private mutating func addJob(_ entry: CrontabEntry) {
        do throws(ScheduleSyntaxError) { _ = try ScheduleSpec.parseCron(entry.schedule) } catch {
            notes.append("line \(entry.line): schedule '\(entry.schedule)': \(error.message); left out as a comment")
            leftOut += 1
            pending += TOMLText.comment("not imported (line \(entry.line): \(error.message)): \(entry.schedule) \(entry.rawCommand)")
            return
        }
        if defaults == nil { defaults = vars }
        if let u = entry.user, !users.contains(u) { users.append(u) }
        if entry.schedule == "@reboot" {
            note("@reboot runs when the scheduler daemon first starts after a boot, once per boot (cron's when cron starts); "
                 + "a user daemon without lingering (loginctl enable-linger) starts at the first login instead", entry.line)
        }
        let (command, input) = CronPercent.split(entry.rawCommand)
        // Kept until a blank line: a schedule that needs several cron lines has them all below one comment.
        let tagged = exportedName
        if input == nil, let tagged, let exported = ExportedEntry.recognise(command, job: tagged) {
            return addExported(entry, exported, name: tagged)
        }
        var final = command
        if let input { final = "printf '%s' \(ShellQuote.word(input)) | (\n\(command)\n)" }
        let wrappers = input == nil ? CommandWrappers.unwrap(command) : nil
        if let wrappers { final = wrappers.command }
        let whenever = input == nil && wrappers == nil ? WheneverJob.recognise(command, keepRedirect: keepRedirects) : nil
        if let whenever { final = whenever.command }
        let (loose, own) = takeComments()
        jobs.append(ImportedJob(name: namer.name(for: whenever?.command ?? wrappers?.command ?? command), entry: entry, command: final,
                                wrappers: wrappers, whenever: whenever, vars: vars + (whenever?.env ?? []), loose: loose, comments: own))
    }

    /// The comments since the last job: those before a blank line (loose; the file's header before the first
    /// job) and those right above this one.
    mutating func takeComments() -> (loose: [String], own: [String]) {
        while pending.first == "" { pending.removeFirst() }
        let split = pending.lastIndex(of: "") ?? -1
        var loose = Array(pending[..<max(split, 0)]), own = Array(pending[(split + 1)...])
        if jobs.isEmpty { header = loose; loose = [] }
        while own.last == "" { own.removeLast() }
        pending = []
        return (loose, own)
    }

    /// The file's lines after the two header lines; `sharedDefaults` writes its first variables as `[defaults]`,
    /// else every job carries all of its variables.
    mutating func finish(sharedDefaults: Bool) -> [String] {
        var out: [String] = []
        if !header.isEmpty { out += [""] + header }
        let base = sharedDefaults ? defaults ?? vars : []
        let defaultSettings = settings(base, line: nil)
        if !defaultSettings.isEmpty { out += ["", "[defaults]"] + defaultSettings.map { "\($0.0) = \($0.1)" } }
        for job in jobs { out += block(job, defaults: base, defaultSettings: defaultSettings) }
        while pending.last == "" { pending.removeLast() }
        if !pending.isEmpty { out += [""] + pending }
        if jobs.isEmpty { notes.append(leftOut > 0 ? "no job imported: all \(leftOut) job line(s) left out (above)" : "no job lines found") }
        if !users.isEmpty {
            notes.append("the user field (\(users.joined(separator: ", "))) is not carried over: scheduler runs every job "
                + "as the user it runs as; run one scheduler per user")
        }
        if jobs.contains(where: { $0.wrappers?.lockFile == nil && $0.exported == nil }) {
            notes.append("cron starts a run even while the previous one is still running; scheduler skips it by default "
                + "(overlap = \"skip\"): add overlap = \"allow\" to a job for cron's behaviour")
        }
        return out
    }

    private mutating func block(_ job: ImportedJob, defaults: [(String, String)], defaultSettings: [(String, String)]) -> [String] {
        var out: [String] = []
        if !job.loose.isEmpty { out += [""] + job.loose }
        out += [""] + job.comments + ["[jobs.\(TOMLText.key(job.name))]"]
        if let u = job.entry.user { out.append("# cron ran this as user '\(u)' (line \(job.entry.line))") }
        if let w = job.wrappers {
            let drop = job.entry.rawCommand.count - w.command.count
            out += TOMLText.comment("was: \(job.entry.rawCommand.prefix(drop))… (now the daemon's lock and timeout)")
        }
        if job.whenever != nil { out += TOMLText.comment("was (whenever): \(job.entry.rawCommand)") }
        if job.exported != nil { out += TOMLText.comment("was (scheduler export): \(job.entry.rawCommand)") }
        out.append("cron = " + TOMLText.string(job.entry.schedule))
        out.append("command = " + TOMLText.string(job.command))
        if let t = job.wrappers?.timeout { out.append("timeout = \(TOMLText.string(t))") }
        let defaultKeys = Dictionary(defaultSettings, uniquingKeysWith: { a, _ in a })
        var own = settings(job.vars, line: job.entry.line, except: defaults).filter { defaultKeys[$0.0] != $0.1 }
        if let w = job.whenever { own = wheneverSettings(w, line: job.entry.line, raw: job.entry.rawCommand) + own.filter { $0.0 != "shell" && $0.0 != "directory" } }
        if let e = job.exported {
            let mine = e.settings
            own = mine + own.filter { key in !mine.contains { $0.0 == key.0 } }
        }
        return out + own.map { "\($0.0) = \($0.1)" }
    }

    /// whenever's `bash -l -c 'cd DIR && …'` as settings: a login shell, the directory; notes on what changed.
    private mutating func wheneverSettings(_ w: WheneverJob, line: Int, raw: String) -> [(String, String)] {
        var out = [("shell", "[\"/bin/bash\", \"-l\"]")]
        if let dir = w.directory { out.append(("directory", TOMLText.string(dir))) }
        if let pinned = w.pinnedRelease, let dir = w.directory {
            note("whenever's 'cd \(pinned)' is one release; directory is the '\(dir)' symlink, so jobs follow deploys", line)
        }
        if let redirect = w.redirect {
            note(keepRedirects ? "whenever's '\(redirect)' is kept (--keep-redirects); scheduler logs sees nothing of it"
                 : "whenever's '\(redirect)' was dropped: output goes to 'scheduler logs' (--keep-redirects keeps it)", line)
        }
        return out
    }
}
