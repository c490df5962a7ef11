import TOML

/// The job keys that `[defaults]` may set too; nil means "not set here".
struct JobSettings {
    var shell: ShellProgram?
    var timezone: String?
    var directory: String?
    var env: [(String, String)] = []
    var envFile: String?
    /// `.some(nil)` is `timeout = "none"`: turns off an inherited timeout.
    var timeout: Duration??
    var jitter: Duration?
    var spread: Duration?
    var killGrace: Duration?
    var retryAttempts: Int?
    var retryDelay: Duration?
    var retryFactor: Double?
    var retryMaxDelay: Duration?
    var overlap: OverlapPolicy?
    var catchUp: Bool?
    var enabled: Bool?
    var onFailure: String?
    var onSuccess: String?
    var onRetry: String?
    var mailto: String?
    var mailOn: MailOn?
    var scope: JobScope?

    static let keys = ["shell", "timezone", "directory", "env", "env_file", "timeout", "jitter", "spread",
                       "kill_grace", "retry", "overlap", "catch_up", "enabled", "on_failure", "on_success",
                       "on_retry", "mailto", "mail_on", "scope"]
    static let defaultShell: ShellProgram = "/bin/sh"

    /// These settings over `base` (the defaults): each key set here wins; `env` merges variable by variable.
    func merged(over base: JobSettings) -> JobSettings {
        var m = self
        m.shell = shell ?? base.shell; m.timezone = timezone ?? base.timezone
        m.directory = directory ?? base.directory; m.envFile = envFile ?? base.envFile
        m.timeout = timeout ?? base.timeout; m.jitter = jitter ?? base.jitter; m.spread = spread ?? base.spread
        m.killGrace = killGrace ?? base.killGrace; m.retryAttempts = retryAttempts ?? base.retryAttempts
        m.retryDelay = retryDelay ?? base.retryDelay; m.retryFactor = retryFactor ?? base.retryFactor
        m.retryMaxDelay = retryMaxDelay ?? base.retryMaxDelay; m.overlap = overlap ?? base.overlap
        m.catchUp = catchUp ?? base.catchUp; m.enabled = enabled ?? base.enabled
        m.onFailure = onFailure ?? base.onFailure; m.onSuccess = onSuccess ?? base.onSuccess
        m.onRetry = onRetry ?? base.onRetry; m.mailto = mailto ?? base.mailto; m.mailOn = mailOn ?? base.mailOn
        m.scope = scope ?? base.scope
        m.env = Self.mergeEnv(base.env, env)
        return m
    }

    /// Later values win; each name keeps the place of its first definition.
    static func mergeEnv(_ a: [(String, String)], _ b: [(String, String)]) -> [(String, String)] {
        guard !a.isEmpty else { return b }
        guard !b.isEmpty else { return a }
        var out = a
        var index: [String: Int] = [:]
        for (i, kv) in out.enumerated() { index[kv.0] = i }
        for kv in b {
            if let i = index[kv.0] { out[i].1 = kv.1 } else { index[kv.0] = out.count; out.append(kv) }
        }
        return out
    }

    /// Sets every field of `job` this has (the job's own defaults stay for the rest).
    func apply(to job: inout Job) {
        job.timezone = timezone; job.directory = directory; job.env = env; job.envFile = envFile
        if let timeout { job.timeout = timeout }
        job.jitter = jitter; job.spread = spread
        if let killGrace { job.killGrace = killGrace }
        if let retryAttempts { job.retry.attempts = retryAttempts }
        if let retryDelay { job.retry.delay = retryDelay }
        if let retryFactor { job.retry.factor = retryFactor }
        if let retryMaxDelay { job.retry.maxDelay = retryMaxDelay }
        if let overlap { job.overlap = overlap }
        if let catchUp { job.catchUp = catchUp }
        if let enabled { job.enabled = enabled }
        job.onFailure = onFailure; job.onSuccess = onSuccess
        job.onRetry = onRetry; job.mailto = mailto
        if let mailOn { job.mailOn = mailOn }
    }
}

/// Decoding of the keys `[defaults]` and jobs share.
extension ConfigDecoder {
    static let overlapNames = OverlapPolicy.allCases.map(\.rawValue)
    static let mailOnNames = MailOn.allCases.map(\.rawValue)
    static let scopeNames = JobScope.allCases.map(\.rawValue)

    /// Reads `f` into `s` when it is one of `JobSettings.keys`; returns false for any other key.
    func decodeSetting(_ f: Field, into s: inout JobSettings) -> Bool {
        switch f.key {
        case "shell": s.shell = shell(f)
        case "timezone": s.timezone = timezone(f)
        case "directory": s.directory = directory(f)
        case "env": s.env = env(f)
        case "env_file": s.envFile = envFile(f)
        case "timeout":
            if case .string("none") = f.value { s.timeout = .some(nil) } else {
                s.timeout = duration(f, zeroHint: "to turn off an inherited timeout write timeout = \"none\"").map { .some($0) }
            }
        case "jitter": s.jitter = duration(f)
        case "spread": s.spread = duration(f)
        case "kill_grace": s.killGrace = duration(f)
        case "retry": retry(f, into: &s)
        case "overlap": s.overlap = choice(f, Self.overlapNames).flatMap(OverlapPolicy.init(rawValue:))
        case "catch_up": s.catchUp = bool(f)
        case "enabled": s.enabled = bool(f)
        case "on_failure": s.onFailure = text(f, what: "command to run when the job fails")
        case "on_success": s.onSuccess = text(f, what: "command to run when the job succeeds")
        case "on_retry": s.onRetry = text(f, what: "command to run when a failed attempt will be retried")
        case "mailto": s.mailto = string(f, hint: "write mailto = \"ops@example.com\" (\"\" sends no mail)")
        case "mail_on": s.mailOn = choice(f, Self.mailOnNames).flatMap(MailOn.init(rawValue:))
        case "scope": s.scope = choice(f, Self.scopeNames).flatMap(JobScope.init(rawValue:))
        default: return false
        }
        return true
    }

    /// A path, or an array of the path and its arguments; the program must be an executable file here.
    private func shell(_ f: Field) -> ShellProgram? {
        let words: [String]
        if case .array(let items) = f.value {
            let strings = items.elements.compactMap { if case .string(let s) = $0, !s.utf8.contains(0) { s } else { nil } }
            guard !strings.isEmpty, strings.count == items.count else {
                valueError(f, "\(f.label) must be a path or an array of strings", hint: "write shell = [\"/bin/bash\", \"-l\"]")
                return nil
            }
            words = strings
        } else {
            guard let s = text(f, what: "shell's path, e.g. \"/bin/bash\"") else { return nil }
            let parts = s.split(separator: " ").map(String.init)
            guard parts.count <= 1 else {
                let array = parts.map { "\"\($0)\"" }.joined(separator: ", ")
                valueError(f, "\(f.label) is one path; '\(s)' would be run as a program of that name",
                           hint: "give arguments as an array: shell = [\(array)]")
                return nil
            }
            words = [s]
        }
        guard words[0].hasPrefix("/") else {
            valueError(f, "\(f.label) must be an absolute path", hint: "write the full path, e.g. shell = \"/bin/\(words[0])\"")
            return nil
        }
        guard environment.files.isExecutable(words[0]) else {
            valueError(f, "\(f.label): '\(words[0])' is not an executable file on this machine",
                       hint: "install it or name another shell, e.g. shell = \"/bin/sh\"")
            return nil
        }
        return ShellProgram(words[0], arguments: Array(words.dropFirst()))
    }

    private func timezone(_ f: Field) -> String? {
        guard let name = text(f, what: "zone name, e.g. \"Europe/Berlin\"") else { return nil }
        if case .failure(let e) = zone(name) {
            let hint = e.hint ?? Suggest.closest(to: name, in: TimeZoneRules.knownNames()).map { "did you mean '\($0)'?" }
            valueError(f, "\(f.label): \(e.message)", hint: hint ?? "use an IANA name such as \"Europe/Berlin\" or \"UTC\"")
            return nil
        }
        return name
    }

    /// An absolute path or one starting with `~/`, which is expanded here.
    private func directory(_ f: Field) -> String? {
        guard let raw = text(f, what: "directory to run in") else { return nil }
        guard let path = expand(f, raw) else { return nil }
        guard path.hasPrefix("/") else {
            valueError(f, "\(f.label) must be an absolute path or start with ~/", hint: "e.g. directory = \"~/\(raw)\"")
            return nil
        }
        if isNewMissingDirectory(path) {
            valueError(f, "\(f.label): directory '\(path)' does not exist",
                       hint: "jobs that run there fail to start until it does", severity: .warning)
            noteMissingDirectoryWarning(path)
        }
        return path
    }

    /// A dotenv file: `~/` expanded, relative paths start at the config file's directory; read now to check it.
    private func envFile(_ f: Field) -> String? {
        guard let raw = text(f, what: "path of a KEY=value file") else { return nil }
        guard var path = expand(f, raw) else { return nil }
        if !path.hasPrefix("/") { path = ConfigLocation.join(environment.configDirectory, path) }
        if let problem = envFileProblem(path) {
            valueError(f, "\(f.label): \(problem.message)", hint: problem.hint)
            return nil
        }
        return path
    }

    private func expand(_ f: Field, _ raw: String) -> String? {
        if raw.hasPrefix("~"), raw != "~", !raw.hasPrefix("~/") {
            valueError(f, "\(f.label): only '~/' (your home) can start a path", hint: "write the full path instead of ~user")
            return nil
        }
        guard let path = ConfigLocation.expandTilde(raw, home: environment.home) else {
            valueError(f, "\(f.label): can't expand '~': $HOME is not set", hint: "write an absolute path")
            return nil
        }
        return path
    }
}
