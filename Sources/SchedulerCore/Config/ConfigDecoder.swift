import TOML

/// Where a key was found, for messages: "'timeout' in job 'backup'". A struct of plain fields so
/// that making one per job costs nothing; the words are built only for a message.
struct Scope: Equatable {
    enum Kind { case root, daemon, defaults, jobs, job, cluster }
    var kind: Kind
    /// The job's name when `kind` is `.job`.
    var job = ""
    /// A table inside the scope's table ("env", "retry"), if the key is in one.
    var table: String?

    static let root = Scope(kind: .root), daemon = Scope(kind: .daemon), defaults = Scope(kind: .defaults)
    static let jobs = Scope(kind: .jobs), cluster = Scope(kind: .cluster)
    static func job(_ name: String) -> Scope { Scope(kind: .job, job: name) }
    /// The same place, one table further in.
    func inside(_ table: String) -> Scope { var s = self; s.table = table; return s }

    var suffix: String {
        let base = switch kind {
        case .root: ""
        case .daemon: " in [daemon]"
        case .cluster: " in [cluster]"
        case .defaults: " in [defaults]"
        case .jobs: " in 'jobs'"
        case .job: " in job '\(job)'"
        }
        return table.map { " in '\($0)'" + base } ?? base
    }
}

/// One key of a table with its entry and where it was found.
struct Field {
    var key: String
    var entry: TOMLTable.Entry
    var scope: Scope
    var value: TOMLValue { entry.value }
    /// "'timeout' in job 'backup'".
    var label: String { "'\(key)'\(scope.suffix)" }
}

extension TOMLTable {
    func fields(_ scope: Scope) -> [Field] { entries.map { Field(key: $0.key, entry: $0.entry, scope: scope) } }
}

/// What the decoder may read besides the config text: `~`, env files, directories.
struct DecoderEnvironment {
    var home: String?
    var configDirectory: String
    var files: ConfigFiles
    /// Whose env files are trusted (nil: any owner) and how their status is read (ConfigSecurity's rule).
    var userID: UInt32? = nil
    var status: ConfigSecurity.StatusFunction = { _ in nil }
}

/// A schedule value as written: its key, text and number (no string is built to look one up).
struct ScheduleKey: Hashable {
    var kind: String
    var text = ""
    var number: Int64 = 0
}

/// A valid schedule and what `check` should warn about it.
struct ParsedSchedule {
    var spec: ScheduleSpec
    var warnings: [String]
}

/// Turns a parsed TOML document into a `Config`, collecting every problem as a `Diagnostic`.
final class ConfigDecoder {
    let path: String
    private let bytes: [UInt8]
    /// Built on the first diagnostic: a valid file never needs its lines.
    private(set) lazy var source = SourceText(bytes: bytes)
    let environment: DecoderEnvironment
    private(set) var diagnostics: [Diagnostic] = []
    /// Errors so far (warnings don't count); kept as a number since it is asked once per job.
    private(set) var errorCount = 0
    /// Zones by name: loading a TZif file per job would not scale to 10,000 jobs.
    private var zones: [String: Result<TimeZoneRules, TimeZoneError>] = [:]
    private var envFiles: [String: Diagnostic?] = [:]
    private var directories: [String: Bool] = [:]
    /// Where each missing-directory warning is in `diagnostics`, so shards can keep one per path.
    private var missingDirectoryWarnings: [Int: String] = [:]
    /// Schedules by kind and text: 10,000 jobs share few distinct schedules, and cron parsing is not free.
    private var schedules: [ScheduleKey: Result<ParsedSchedule, ScheduleSyntaxError>] = [:]
    /// The file has a `[cluster]` table: jobs default to scope = "cluster".
    var hasCluster = false

    init(path: String, bytes: [UInt8], environment: DecoderEnvironment) {
        self.path = path; self.bytes = bytes; self.environment = environment
    }

    // MARK: - Reporting

    func report(_ severity: Diagnostic.Severity = .error, at position: SourcePosition, length: Int,
                _ message: String, hint: String?) {
        if severity == .error { errorCount += 1 }
        diagnostics.append(Diagnostic(severity: severity, path: path, position: position, length: length,
                                      message: message, hint: hint, sourceLine: source.line(position.line)))
    }

    /// A problem with the key itself (unknown, misplaced): the caret spans the key.
    func keyError(_ f: Field, _ message: String, hint: String?, severity: Diagnostic.Severity = .error) {
        report(severity, at: f.entry.keyPosition, length: source.keyLength(at: f.entry.keyPosition), message, hint: hint)
    }

    /// A problem with a value: the caret spans the value token.
    func valueError(_ f: Field, _ message: String, hint: String?, severity: Diagnostic.Severity = .error) {
        valueError(at: f.entry.valuePosition, message, hint: hint, severity: severity)
    }

    func valueError(at p: SourcePosition, _ message: String, hint: String?, severity: Diagnostic.Severity = .error) {
        report(severity, at: p, length: source.valueLength(at: p), message, hint: hint)
    }

    func unknownKey(_ f: Field, known: [String], hint fallback: String? = nil) {
        // 'retry_delay' is 'retry' with a part of it: name the key whose forms hold that part.
        let prefix = known.first { f.key.hasPrefix($0 + "_") }.map { "did you mean '\($0)'? scheduler.toml(5) shows all its forms" }
        let hint = Suggest.closest(to: f.key, in: known).map { "did you mean '\($0)'?" }
            ?? prefix ?? fallback ?? "known keys here: " + known.joined(separator: ", ")
        keyError(f, "unknown key \(f.label)", hint: hint)
    }

    // MARK: - Cached look-ups

    /// Loads a zone once per name.
    func zone(_ name: String) -> Result<TimeZoneRules, TimeZoneError> {
        if let cached = zones[name] { return cached }
        let r: Result<TimeZoneRules, TimeZoneError>
        do throws(TimeZoneError) { r = .success(try TimeZoneRules.load(named: name)) } catch { r = .failure(error) }
        zones[name] = r
        return r
    }

    func noteMissingDirectoryWarning(_ path: String) { missingDirectoryWarnings[diagnostics.count - 1] = path }

    /// A decoder for a share of the jobs, run on another thread (its caches are its own).
    func shard() -> ConfigDecoder {
        let d = ConfigDecoder(path: path, bytes: bytes, environment: environment)
        d.hasCluster = hasCluster
        return d
    }

    /// Takes in the diagnostics of `shards`, keeping the first missing-directory warning per path.
    func absorb(_ shards: [ConfigDecoder]) {
        var firstByPath: [String: Diagnostic] = [:]
        var all: [Diagnostic] = []
        for d in [self] + shards {
            for (i, diagnostic) in d.diagnostics.enumerated() {
                guard let path = d.missingDirectoryWarnings[i] else { all.append(diagnostic); continue }
                if let kept = firstByPath[path], let a = kept.position, let b = diagnostic.position, a <= b { continue }
                firstByPath[path] = diagnostic
            }
            if d !== self { errorCount += d.errorCount }
        }
        diagnostics = all + firstByPath.values
        missingDirectoryWarnings = [:]
    }

    /// A schedule parsed once per `key`, with its warnings.
    func cachedSchedule(_ key: ScheduleKey, _ parse: () throws(ScheduleSyntaxError) -> ScheduleSpec)
        -> Result<ParsedSchedule, ScheduleSyntaxError> {
        if let known = schedules[key] { return known }
        let r: Result<ParsedSchedule, ScheduleSyntaxError>
        do throws(ScheduleSyntaxError) {
            let spec = try parse()
            r = .success(ParsedSchedule(spec: spec, warnings: spec.warnings))
        } catch { r = .failure(error) }
        schedules[key] = r
        return r
    }

    /// True the first time a missing directory is seen: one warning per path, not one per job.
    func isNewMissingDirectory(_ path: String) -> Bool {
        guard directories[path] == nil else { return false }
        let exists = environment.files.isDirectory(path) == true
        directories[path] = exists
        return !exists
    }

    /// Why an env file can't be used (missing or bad syntax), checked once per path; nil when fine.
    func envFileProblem(_ path: String) -> Diagnostic? {
        if let known = envFiles[path] { return known }
        var problem: Diagnostic?
        // The config's rule: an env file sets PATH, LD_PRELOAD… for the job, so nobody else may change it.
        if environment.status(path) != nil,
           let unsafe = ConfigSecurity.problem(path: path, userID: environment.userID, status: environment.status, what: "env_file") {
            problem = unsafe
        } else if let bytes = environment.files.read(path) {
            do throws(DotEnvError) { _ = try DotEnv.parse(String(decoding: bytes, as: UTF8.self)) } catch {
                problem = Diagnostic(path: path, message: "\(path):\(error.line):\(error.column): \(error.message)",
                                     hint: "write one KEY=value per line; quote values with spaces or '#'")
            }
        } else {
            problem = Diagnostic(path: path, message: "env file '\(path)' can't be read (missing or not readable)",
                                 hint: "create it, or fix the path (relative paths start at the config file's directory)")
        }
        envFiles[path] = problem
        return problem
    }
}
