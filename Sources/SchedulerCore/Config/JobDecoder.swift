import TOML

/// Decoding of one `[jobs.NAME]` table.
extension ConfigDecoder {
    static let jobOnlyKeys = ["command", "exec", "description", "at"] + scheduleKeys
    static let jobKeys = jobOnlyKeys + JobSettings.keys
    static let maxNameLength = 64

    enum JobOnlyKind { case command, schedule, at, description }
    static let jobOnlyKinds: [String: JobOnlyKind] = [
        "command": .command, "exec": .command, "at": .at, "description": .description,
        "every": .schedule, "daily": .schedule, "hourly": .schedule, "weekly": .schedule, "cron": .schedule,
    ]

    /// The keys of a job that are read together, gathered in the one pass over the table.
    struct JobFields {
        var command: Field?
        var secondCommand: Field?
        var schedule: Field?
        var moreSchedules: [Field] = []
        var at: Field?
        var shell: Field?
        var schedules: [Field] { schedule.map { [$0] + moreSchedules } ?? [] }
    }

    /// The job, or nil when it has errors (all of them reported).
    func job(_ nameField: Field, defaults: JobSettings) -> Job? {
        let name = nameField.key
        let before = errorCount
        checkName(nameField)
        guard let t = table(nameField, hint: "write a [jobs.\(name)] table with command = \"…\" and a schedule") else { return nil }
        let entries = t.entries
        if isNestedNameMistake(entries, nameField) { return nil }
        let scope = Scope.job(name)
        var own = JobSettings()
        var parts = JobFields()
        var description: String?
        // One pass, one dictionary look-up per key: this loop runs for every key of 10,000 jobs.
        for (key, entry) in entries {
            let f = Field(key: key, entry: entry, scope: scope)
            switch Self.jobOnlyKinds[key] {
            case .command?: if parts.command == nil { parts.command = f } else { parts.secondCommand = f }
            case .schedule?: if parts.schedule == nil { parts.schedule = f } else { parts.moreSchedules.append(f) }
            case .at?: parts.at = f
            case .description?: description = string(f)
            case nil:
                if key == "shell" { parts.shell = f }
                if !decodeSetting(f, into: &own) { unknownJobKey(f) }
            }
        }
        let command = self.command(parts, job: name, nameField: nameField, shell: own.shell ?? defaults.shell)
        let spec = schedule(parts, job: name, nameField: nameField)
        guard errorCount == before, let command, let spec else { return nil }
        var job = Job(name: name, command: command, schedule: spec)
        job.description = description
        let settings = own.merged(over: defaults)
        settings.apply(to: &job)
        guard jitterFits(job, entries: entries, nameField: nameField) else { return nil }
        if hasCluster { return clusterScope(&job, declared: settings.scope, nameField: nameField) ? job : nil }
        return job
    }

    /// A jitter as long as the time between runs would push a run past the next slot (runs then go missing,
    /// logged as a clock change): refused, at the job's own `jitter` key or at its table when inherited.
    private func jitterFits(_ job: Job, entries: [(key: String, entry: TOMLTable.Entry)], nameField: Field) -> Bool {
        guard let jitter = job.jitter, jitter > .zero, let gap = job.schedule.smallestGap, jitter >= gap else { return true }
        let gapText = DurationSyntax.format(gap)
        let message = "'jitter' in job '\(job.name)' is \(DurationSyntax.format(jitter)), not shorter than the \(gapText) between its runs"
        let hint = "the random delay must end before the next run is due: use a jitter under \(gapText), or run less often"
        if let own = entries.first(where: { $0.key == "jitter" }) {
            valueError(Field(key: "jitter", entry: own.entry, scope: .job(job.name)), message, hint: hint)
        } else {
            keyError(nameField, message + " (inherited from [defaults])", hint: hint)
        }
        return false
    }

    /// Resolves `scope` once `[cluster]` exists (default cluster; `@reboot` is always host) and checks what
    /// can't hold across nodes. False when the job has an error.
    private func clusterScope(_ job: inout Job, declared: JobScope?, nameField: Field) -> Bool {
        guard !job.schedule.isReboot else {
            if declared == .cluster {
                keyError(nameField, "job '\(job.name)' runs at @reboot, which happens on each machine; it stays scope = \"host\"",
                         hint: "remove scope = \"cluster\" from it", severity: .warning)
            }
            job.scope = .host
            return true
        }
        job.scope = declared ?? .cluster
        guard job.scope == .cluster else { return true }
        if job.overlap == .replace {
            keyError(nameField, "job '\(job.name)' has overlap = \"replace\", which can't hold across the nodes of [cluster]",
                     hint: "a node can't stop a run on another node: use overlap = \"skip\" or \"queue\", or scope = \"host\"")
            return false
        }
        if job.timezone == nil {
            keyError(nameField, "cluster job '\(job.name)' has no timezone, so each node uses its own zone",
                     hint: "nodes must compute the same slots: set timezone = \"UTC\" (or your zone) in [defaults]",
                     severity: .warning)
        }
        return true
    }

    private func checkName(_ f: Field) {
        let name = f.key
        let ok = name.utf8.allSatisfy { b in
            b == 95 || b == 46 || b == 45 || (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b)
        }
        if name.isEmpty || !ok {
            let better = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) ? $0 : "_" })
            keyError(f, "job name '\(name)' may only have letters, digits, '_', '.' and '-'",
                     hint: name.isEmpty ? "give the job a name" : "e.g. [jobs.\(better)]")
        } else if name.count > Self.maxNameLength {
            keyError(f, "job name '\(name)' is \(name.count) characters long; at most \(Self.maxNameLength) are allowed",
                     hint: "shorten it; the description key can say more")
        }
    }

    /// `[jobs.db.backup]` makes a job 'db' holding a table 'backup': say so once instead of listing
    /// everything job 'db' lacks.
    private func isNestedNameMistake(_ entries: [(key: String, entry: TOMLTable.Entry)], _ nameField: Field) -> Bool {
        // Cheap test first: a job's first key is almost always a plain value.
        guard let first = entries.first, case .table = first.entry.value else { return false }
        let nested = entries.filter { if case .table = $0.entry.value { !["env", "retry"].contains($0.key) } else { false } }
        guard !nested.isEmpty, nested.count == entries.count else { return false }
        for (key, entry) in nested {
            let f = Field(key: key, entry: entry, scope: .job(nameField.key))
            let full = "\(nameField.key).\(key)"
            keyError(f, "job name '\(full)' has a dot, so TOML reads it as a table '\(key)' inside job '\(nameField.key)'",
                     hint: "quote a name with dots: [jobs.\"\(full)\"]")
        }
        return true
    }

    private func unknownJobKey(_ f: Field) {
        if case .table = f.value, f.scope.kind == .job, Suggest.closest(to: f.key, in: Self.jobKeys) == nil {
            let job = f.scope.job
            keyError(f, "unknown key \(f.label)", hint: "if '\(job).\(f.key)' is a job name, quote it: [jobs.\"\(job).\(f.key)\"]")
            return
        }
        if ConfigDecoder.daemonKeys.contains(f.key) {
            keyError(f, "unknown key \(f.label)", hint: "'\(f.key)' belongs in the [daemon] table")
            return
        }
        unknownKey(f, known: Self.jobKeys)
    }

    /// `command` (a shell line) or `exec` (an argv), exactly one.
    private func command(_ parts: JobFields, job: String, nameField: Field, shell: ShellProgram?) -> JobCommand? {
        guard let first = parts.command else {
            keyError(nameField, "job '\(job)' has no command",
                     hint: "add command = \"…\" (run by \((shell ?? JobSettings.defaultShell).description) -c) or exec = [\"program\", \"arg\"]")
            return nil
        }
        if let second = parts.secondCommand {
            keyError(second, "job '\(job)' has both 'command' and 'exec'",
                     hint: "use command for a shell command line or exec for a list of arguments, not both")
            _ = commandValue(first, shell: shell)
            _ = commandValue(second, shell: shell)
            return nil
        }
        if first.key == "exec", let shellField = parts.shell {
            keyError(shellField, "\(shellField.label) has no effect with 'exec'", hint: "exec runs the program without a shell",
                     severity: .warning)
        }
        return commandValue(first, shell: shell)
    }

    private func commandValue(_ f: Field, shell: ShellProgram?) -> JobCommand? {
        guard f.key == "command" else { return exec(f) }
        return text(f, what: "command line to run", hint: "write command = \"…\"; for a list of arguments use exec = […]")
            .map { .shell($0, shell: shell ?? JobSettings.defaultShell) }
    }

    private func exec(_ f: Field) -> JobCommand? {
        let hint = "write exec = [\"program\", \"arg\", …]; for a shell command line use command = \"…\""
        guard case .array(let a) = f.value else { typeError(f, expected: "a list of strings", hint: hint); return nil }
        guard !a.elements.isEmpty else { valueError(f, "\(f.label) is empty", hint: hint); return nil }
        var argv: [String] = []
        for (i, v) in a.elements.enumerated() {
            guard case .string(let s) = v, !s.utf8.contains(0) else {
                let what = v.typeName == "string" ? "contains a NUL character" : "must hold strings, not \(v.typeName)s"
                valueError(at: a.positions[i], "\(f.label) \(what)", hint: "quote each argument: \"…\"")
                return nil
            }
            argv.append(s)
        }
        guard !argv[0].isEmpty else {
            valueError(at: a.positions[0], "\(f.label): the program name is empty", hint: hint)
            return nil
        }
        return .exec(argv)
    }
}
