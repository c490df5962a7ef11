/// `scheduler export --format kubernetes`: a `batch/v1` CronJob manifest per job, as one YAML stream.
public enum KubernetesExport {
    /// What the cluster needs that scheduler.toml does not say.
    public struct Options: Sendable {
        /// Container image that has the job's programs.
        public var image: String
        /// Words put before the job's command, e.g. `["bundle", "exec"]` or a wrapper script.
        public var commandPrefix: [String]
        public var namespace: String?
        /// The IANA name of this host's zone, for jobs without `timezone` (nil when it has none).
        public var systemZone: String?
        /// From when clock changes are looked at (`every` in summer time); nil: not at all.
        public var now: Instant?
        public init(image: String, commandPrefix: [String] = [], namespace: String? = nil, systemZone: String? = nil, now: Instant? = nil) {
            self.image = image; self.commandPrefix = commandPrefix; self.namespace = namespace; self.systemZone = systemZone
            self.now = now
        }
    }

    /// Two jobs whose CronJobs would have one name: the second would replace the first in the cluster.
    public struct NameClash: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Manifests separated by `---`: one CronJob per cron expression of a job (a `daily` list whose times
    /// have different minutes needs several); jobs the cluster can't schedule are listed in comments.
    public static func yaml(_ jobs: [Job], options: Options, source: String) throws(NameClash) -> String {
        var docs: [String] = [], owners: [String: String] = [:]
        for job in jobs {
            let names = cronJobNames(job)
            for name in names {
                if let other = owners[name], other != job.name {
                    throw NameClash(description: "jobs '\(other)' and '\(job.name)' both become the CronJob name '\(name)' "
                        + "(Kubernetes names are lowercase letters, digits and '-'): rename one of them")
                }
                owners[name] = job.name
            }
            docs += manifests(job, names: names, options: options, source: source)
        }
        return docs.joined(separator: "---\n")
    }

    /// The system zone's name when it is an IANA name the cluster can use (not a POSIX TZ rule or a copy
    /// of /etc/localtime whose name is unknown).
    public static func namedZone(_ zone: TimeZoneRules) -> String? {
        zone.name == "localtime" || zone.name.hasPrefix("/") || (try? TimeZoneRules.load(named: zone.name)) == nil ? nil : zone.name
    }

    /// A DNS-1123 name of at most 52 characters (CronJob names get 11 more for the Jobs they make),
    /// leaving room for `suffix`.
    public static func resourceName(_ job: String, suffix: String = "") -> String {
        var out = ""
        for c in job.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber { out.append(c) } else if out.last != "-" { out.append("-") }
        }
        let s = String(out.prefix(52 - suffix.count)).trimmingSet("-")
        return (s.isEmpty ? "job" : s) + suffix
    }

    /// The CronJob names of a job: one per cron expression, numbered when there are several.
    static func cronJobNames(_ job: Job) -> [String] {
        let count = (try? CronForm.expressions(job.schedule).get())?.count ?? 1
        return count <= 1 ? [resourceName(job.name)] : (1...count).map { resourceName(job.name, suffix: "-\($0)") }
    }

    private static func manifests(_ job: Job, names: [String], options: Options, source: String) -> [String] {
        var head = YAMLWriter()
        head.comment("Exported from \(source) by 'scheduler export' (job \(job.name)).")
        let schedule: [String]
        switch CronForm.expressions(job.schedule) {
        case .success(let e) where !job.schedule.isReboot: schedule = e
        case .success: head.comment("Not exported: @reboot has no meaning in a cluster."); return [head.text]
        case .failure(let gap): head.comment("Not exported: \(gap)."); return [head.text]
        }
        return zip(names, schedule).enumerated().map { k, pair in
            var y = head
            if schedule.count > 1 {
                y.comment("The schedule needs \(schedule.count) cron expressions: this is CronJob \(k + 1) of \(schedule.count) "
                    + "(\(names.joined(separator: ", "))).")
            }
            manifest(job, name: pair.0, schedule: pair.1, options: options, into: &y)
            return y.text
        }
    }

    private static func manifest(_ job: Job, name: String, schedule: String, options: Options, into y: inout YAMLWriter) {
        for gap in gaps(job) { y.comment("Not exported: " + gap) }
        for note in hostPaths(job) { y.comment(note) }
        let zone = job.timezone ?? options.systemZone
        if let now = options.now, let name = zone, let rules = try? TimeZoneRules.load(named: name),
           let shift = DSTExposure.everyShift(job.schedule, zone: rules, from: now, these: "this schedule") {
            y.comment(shift)
        }
        if job.timezone == nil {
            y.comment(zone.map { "timeZone is this host's zone (the job has no timezone): \($0)." }
                      ?? "No timeZone: this host's zone has no IANA name; the cluster's (usually UTC) applies.")
        }
        y.scalar("apiVersion", "batch/v1")
        y.scalar("kind", "CronJob")
        y.open("metadata")
        y.scalar("name", name)
        if let ns = options.namespace { y.scalar("namespace", ns) }
        y.open("labels"); y.scalar("app.kubernetes.io/managed-by", "scheduler"); y.scalar("scheduler/job", resourceName(job.name)); y.close()
        if let d = job.description { y.open("annotations"); y.scalar("scheduler/description", d); y.close() }
        y.close()
        y.open("spec")
        y.scalar("schedule", schedule)
        if let zone { y.scalar("timeZone", zone) }
        y.scalar("concurrencyPolicy", ["skip": "Forbid", "queue": "Forbid", "replace": "Replace", "allow": "Allow"][job.overlap.rawValue]!)
        // A missed run may start this late; catch_up = false allows the daemon's tolerance only.
        y.number("startingDeadlineSeconds", job.catchUp ? 86_400 : ExportText.seconds(.seconds(60)))
        if !job.enabled { y.bool("suspend", true) }
        y.open("jobTemplate"); y.open("spec")
        y.number("backoffLimit", Int64(job.retry.attempts))
        if let t = job.timeout { y.number("activeDeadlineSeconds", ExportText.seconds(t)) }
        y.open("template"); y.open("spec")
        y.scalar("restartPolicy", "Never")
        y.number("terminationGracePeriodSeconds", ExportText.seconds(job.killGrace))
        y.open("containers")
        container(job, options: options, into: &y)
        y.close(); y.close(); y.close(); y.close(); y.close(); y.close()
    }

    /// Paths of this host that the manifest carries into a container, where they may not exist.
    static func hostPaths(_ job: Job) -> [String] {
        var out: [String] = []
        if let dir = job.directory { out.append("workingDir \"\(dir)\" is a directory on this host: the image must have it.") }
        if let path = job.env.first(where: { $0.0 == "PATH" })?.1 {
            out.append("env PATH \"\(path)\" names directories on this host: the image's may differ.")
        }
        return out
    }

    private static func container(_ job: Job, options: Options, into y: inout YAMLWriter) {
        y.listItem()
        y.scalar("name", "job")
        y.scalar("image", options.image)
        let argv: [String]
        switch job.command {
        case .shell(let line, let shell): argv = options.commandPrefix + shell.argv + ["-c", line]
        case .exec(let a): argv = options.commandPrefix + a
        }
        // Kubernetes expands $(VAR) in command and env values and turns $$ into $: doubling keeps text as is.
        y.list("command", argv.map(dollars))
        if let dir = job.directory { y.scalar("workingDir", dir) }
        if !job.env.isEmpty {
            y.open("env")
            for (k, v) in job.env { y.listItem(); y.scalar("name", k); y.scalar("value", dollars(v)); y.close() }
            y.close()
        }
        y.close()
    }

    static func dollars(_ s: String) -> String { s.replacingAll("$", with: "$$") }

    static func gaps(_ job: Job) -> [String] {
        var out: [String] = []
        if let j = job.jitter { out.append("jitter = \"\(DurationSyntax.format(j))\".") }
        if let s = job.spread { out.append("spread = \"\(DurationSyntax.format(s))\".") }
        if job.retry.attempts > 0 { out.append("retry delays (the Job controller backs off 10s, 20s, 40s, …).") }
        if job.overlap == .queue { out.append("overlap = \"queue\" (Forbid skips the run instead).") }
        if let f = job.envFile { out.append("env_file = \"\(f)\", a file on this host (use a ConfigMap or Secret with envFrom).") }
        if job.mailto != nil { out.append("mailto.") }
        return out + ExportText.daemonOnlyGaps(job)
    }
}
