import SystemCalls
import TOML

/// The top level of scheduler.toml: `[daemon]`, `[defaults]`, `[jobs.NAME]`.
extension ConfigDecoder {
    static let rootKeys = ["daemon", "defaults", "jobs", "cluster"]
    static let daemonKeys = ["log_max_size", "log_files", "shutdown_grace", "metrics_file", "hook_timeout", "output_to_stderr",
                             "history_keep", "history_max_size"]

    /// Decodes the whole document; nil when there were errors (see `diagnostics`).
    func config(_ root: TOMLTable) -> Config? {
        var config = Config(path: path)
        var defaults = JobSettings()
        var jobsField: Field?
        let fields = root.fields(.root)
        // Jobs default to cluster scope when [cluster] exists, wherever it is in the file.
        hasCluster = fields.contains { $0.key == "cluster" }
        for f in fields {
            switch f.key {
            case "cluster": if let t = table(f, hint: "write a [cluster] table with url = \"postgres://…\"") { config.cluster = cluster(t, at: f) }
            case "daemon": if let t = table(f, hint: "write a [daemon] table") { config.daemon = daemon(t) }
            case "defaults": if let t = table(f, hint: "write a [defaults] table") { defaults = self.defaults(t) }
            case "jobs": jobsField = f
            default: unknownRootKey(f)
            }
        }
        if let jobsField {
            config.jobs = jobs(jobsField, defaults: defaults)
        } else if errorCount == 0 {
            report(.warning, at: SourcePosition(line: 1, column: 1), length: 1, "no jobs defined in \(path)",
                   hint: "add a [jobs.NAME] table with command = \"…\" and a schedule")
        }
        return errorCount == 0 ? config : nil
    }

    private func jobs(_ f: Field, defaults: JobSettings) -> [Job] {
        guard case .table(let t) = f.value else {
            let arrays = if case .array = f.value { "write [jobs.NAME] tables, not [[jobs]]" } else { "write [jobs.NAME] tables" }
            typeError(f, expected: "a table of named jobs", hint: arrays)
            return []
        }
        let fields = t.fields(.jobs)
        let shards = fields.count < Self.jobsPerShard ? 1 : min(fields.count / Self.jobsPerShard, Self.processors)
        guard shards > 1 else { return jobs(fields[...], defaults: defaults) }
        // A big config is decoded on all cores: jobs don't depend on each other, and the parsed
        // document is immutable. Each shard has its own decoder; their results are joined in file order.
        let decoders = (0..<shards).map { _ in shard() }
        var results = [[Job]](repeating: [], count: shards)
        results.withUnsafeMutableBufferPointer { out in
            Threads.concurrentPerform(iterations: shards) { i in
                let range = fields.count * i / shards..<fields.count * (i + 1) / shards
                out[i] = decoders[i].jobs(fields[range], defaults: defaults)
            }
        }
        absorb(decoders)
        // Moving the first share saves copying a third of the jobs (each copy retains every field).
        var all = results.removeFirst()
        all.reserveCapacity(fields.count)
        for share in results { all.append(contentsOf: share) }
        return all
    }

    static let jobsPerShard = 1000
    static let processors = max(1, min(8, CurrentProcess.processorCount))

    private func jobs(_ fields: ArraySlice<Field>, defaults: JobSettings) -> [Job] {
        var out: [Job] = []
        out.reserveCapacity(fields.count)
        for nameField in fields {
            if let job = job(nameField, defaults: defaults) { out.append(job) }
        }
        return out
    }

    private func defaults(_ t: TOMLTable) -> JobSettings {
        var s = JobSettings()
        for f in t.fields(.defaults) where !decodeSetting(f, into: &s) {
            if Self.jobOnlyKeys.contains(f.key) {
                let what = Self.scheduleKeys.contains(f.key) || f.key == "at" ? "a schedule" : "'\(f.key)'"
                keyError(f, "\(what) can't be set in [defaults]", hint: "set it in each [jobs.NAME] table")
            } else if Self.daemonKeys.contains(f.key) {
                keyError(f, "unknown key \(f.label)", hint: "'\(f.key)' belongs in the [daemon] table")
            } else {
                unknownKey(f, known: JobSettings.keys)
            }
        }
        return s
    }

    private func daemon(_ t: TOMLTable) -> DaemonSettings {
        var d = DaemonSettings()
        for f in t.fields(.daemon) {
            switch f.key {
            case "log_max_size": if let n = size(f) { d.logMaxBytes = n }
            case "log_files": if let n = integer(f, in: 0...1000, what: "a number of files") { d.logFiles = n }
            case "shutdown_grace": if let g = duration(f) { d.shutdownGrace = g }
            case "metrics_file": d.metricsFile = metricsFile(f)
            case "output_to_stderr": if let b = bool(f) { d.outputToStderr = b }
            case "history_keep": if let k = duration(f, zeroHint: "keep at least a day, e.g. history_keep = \"30d\"") { d.historyKeep = k }
            case "history_max_size": if let n = historySize(f) { d.historyMaxBytes = n }
            case "hook_timeout": if let t = duration(f, zeroHint: "hooks need time to run, e.g. hook_timeout = \"1m\"") { d.hookTimeout = t }
            default:
                let hint = JobSettings.keys.contains(f.key) ? "job settings for every job go in [defaults]" : nil
                unknownKey(f, known: Self.daemonKeys, hint: hint)
            }
        }
        return d
    }

    /// At least 100 KB: ten files of a tenth each, every one big enough for a burst of records.
    private func historySize(_ f: Field) -> Int? {
        guard let n = size(f) else { return nil }
        guard n >= Self.minHistoryBytes else {
            valueError(f, "\(f.label) is \(n) bytes; it must be at least 100KB", hint: "the default is \"100MB\"")
            return nil
        }
        return n
    }

    static let minHistoryBytes = 100 * 1024

    /// An absolute path or one starting with `~/`; node_exporter reads only files ending in `.prom`.
    private func metricsFile(_ f: Field) -> String? {
        guard let raw = text(f, what: "path of the metrics file, e.g. \"/var/lib/node_exporter/scheduler.prom\"") else { return nil }
        guard let path = ConfigLocation.expandTilde(raw, home: environment.home), path.hasPrefix("/") else {
            valueError(f, "\(f.label) must be an absolute path or start with ~/", hint: "e.g. metrics_file = \"~/metrics/scheduler.prom\"")
            return nil
        }
        if !path.hasSuffix(".prom") {
            valueError(f, "\(f.label) does not end in .prom", hint: "node_exporter's textfile collector reads only *.prom files",
                       severity: .warning)
        }
        return path
    }

    private func unknownRootKey(_ f: Field) {
        if Self.jobKeys.contains(f.key) {
            keyError(f, "'\(f.key)' is outside any job", hint: "job keys go in a [jobs.NAME] table (or [defaults]); "
                + "keys after a table header belong to that table, so put top-level keys first")
            return
        }
        unknownKey(f, known: Self.rootKeys, hint: "the top level has only [daemon], [defaults], [cluster] and [jobs.NAME] tables")
    }
}
