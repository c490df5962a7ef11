import TOML

/// Where a key was found, for messages: "'timeout' in job 'backup'".
enum Scope: Equatable {
    case root, daemon, defaults, job(String)
    case table(String, in: String)  // e.g. retry in job 'backup'

    var suffix: String {
        switch self {
        case .root: ""
        case .daemon: " in [daemon]"
        case .defaults: " in [defaults]"
        case .job(let name): " in job '\(name)'"
        case .table(let t, let outer): " in '\(t)'\(outer)"
        }
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
}

/// A valid schedule and what `check` should warn about it.
struct ParsedSchedule {
    var spec: ScheduleSpec
    var warnings: [String]
}

/// Turns a parsed TOML document into a `Config`, collecting every problem as a `Diagnostic`.
final class ConfigDecoder {
    let path: String
    let source: SourceText
    let environment: DecoderEnvironment
    private(set) var diagnostics: [Diagnostic] = []
    /// Zones by name: loading a TZif file per job would not scale to 10,000 jobs.
    private var zones: [String: Result<TimeZoneRules, TimeZoneError>] = [:]
    private var envFiles: [String: Diagnostic?] = [:]
    private var directories: [String: Bool] = [:]
    /// Schedules by kind and text: 10,000 jobs share few distinct schedules, and cron parsing is not free.
    private var schedules: [String: Result<ParsedSchedule, ScheduleSyntaxError>] = [:]

    init(path: String, source: SourceText, environment: DecoderEnvironment) {
        self.path = path; self.source = source; self.environment = environment
    }

    var errorCount: Int { diagnostics.lazy.filter(\.isError).count }

    // MARK: - Reporting

    func report(_ severity: Diagnostic.Severity = .error, at position: SourcePosition, length: Int,
                _ message: String, hint: String?) {
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
        let hint = Suggest.closest(to: f.key, in: known).map { "did you mean '\($0)'?" }
            ?? fallback ?? "known keys here: " + known.joined(separator: ", ")
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

    /// A schedule parsed once per `key`, with its warnings.
    func cachedSchedule(_ key: String, _ parse: () throws(ScheduleSyntaxError) -> ScheduleSpec)
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
        if let bytes = environment.files.read(path) {
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
