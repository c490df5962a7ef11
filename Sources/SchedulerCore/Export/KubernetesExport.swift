/// `scheduler export --format kubernetes`: a `batch/v1` CronJob manifest per job, as one YAML stream.
public enum KubernetesExport {
    /// What the cluster needs that scheduler.toml does not say.
    public struct Options: Sendable {
        /// Container image that has the job's programs.
        public var image: String
        /// Words put before the job's command, e.g. `["bundle", "exec"]` or a wrapper script.
        public var commandPrefix: [String]
        public var namespace: String?
        public init(image: String, commandPrefix: [String] = [], namespace: String? = nil) {
            self.image = image; self.commandPrefix = commandPrefix; self.namespace = namespace
        }
    }

    /// Manifests separated by `---`; jobs the cluster can't schedule are listed in comments.
    public static func yaml(_ jobs: [Job], options: Options, source: String) -> String {
        var docs: [String] = []
        for job in jobs {
            var y = YAMLWriter()
            y.comment("Exported from \(source) by 'scheduler export' (job \(job.name)).")
            manifest(job, options: options, into: &y)
            docs.append(y.text)
        }
        return docs.joined(separator: "---\n")
    }

    /// A DNS-1123 name of at most 52 characters (CronJob names get 11 more for the Jobs they make).
    public static func resourceName(_ job: String) -> String {
        var out = ""
        for c in job.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber { out.append(c) } else if out.last != "-" { out.append("-") }
        }
        let s = String(out.prefix(52)).trimmingSet("-")
        return s.isEmpty ? "job" : s
    }

    private static func manifest(_ job: Job, options: Options, into y: inout YAMLWriter) {
        let schedule: [String]
        switch CronForm.expressions(job.schedule) {
        case .success(let e) where !job.schedule.isReboot: schedule = e
        case .success: y.comment("Not exported: @reboot has no meaning in a cluster."); return
        case .failure(let gap): y.comment("Not exported: \(gap)."); return
        }
        if schedule.count > 1 { y.comment("The schedule needs \(schedule.count) cron lines; this CronJob has the first only: \(schedule.dropFirst().joined(separator: "; ")).") }
        for gap in gaps(job) { y.comment("Not exported: " + gap) }
        y.scalar("apiVersion", "batch/v1")
        y.scalar("kind", "CronJob")
        y.open("metadata")
        y.scalar("name", resourceName(job.name))
        if let ns = options.namespace { y.scalar("namespace", ns) }
        y.open("labels"); y.scalar("app.kubernetes.io/managed-by", "scheduler"); y.scalar("scheduler/job", resourceName(job.name)); y.close()
        if let d = job.description { y.open("annotations"); y.scalar("scheduler/description", d); y.close() }
        y.close()
        y.open("spec")
        y.scalar("schedule", schedule[0])
        if let tz = job.timezone { y.scalar("timeZone", tz) }
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
        if let f = job.envFile { out.append("env_file = \"\(f)\" (use a ConfigMap or Secret with envFrom).") }
        if job.mailto != nil { out.append("mailto.") }
        return out + ExportText.daemonOnlyGaps(job)
    }
}
