import SchedulerCore
import SystemCalls

/// Which jobs `logs`, `history` and `ps` show: names and glob patterns (`*`, `?`) given on the command
/// line, within the jobs of one config when `--config` was given.
public struct JobSelector: Sendable {
    /// Exact names and patterns; empty: every job.
    public var terms: [String]
    /// With `--config`: only these jobs.
    public var within: Set<String>?

    public init(terms: [String] = [], within: Set<String>? = nil) { self.terms = terms; self.within = within }

    /// Selects every job.
    public var isAll: Bool { terms.isEmpty && within == nil }
    /// The one exact name selected, when that is all (lets the log reader search bytes first).
    public var singleName: String? { terms.count == 1 && within == nil && !JobSelector.isPattern(terms[0]) ? terms[0] : nil }

    public func matches<S: StringProtocol>(_ job: S) -> Bool {
        if let within, !within.contains(String(job)) { return false }
        return terms.isEmpty || terms.contains { JobSelector.glob($0, matches: job) }
    }

    /// A log line's dyno: its job selected, or a term naming the run itself (`backup.41`, as hooks'
    /// SCHEDULER_OUTPUT says) or the dyno.
    public func matches(dyno: Substring) -> Bool {
        let job = JobSelector.job(ofDyno: dyno)
        if matches(job) { return true }
        if let within, !within.contains(String(job)) { return false }
        let run = JobSelector.run(ofDyno: dyno)
        return terms.contains { JobSelector.glob($0, matches: dyno) || JobSelector.glob($0, matches: run) }
    }

    /// A term that names a run (`JOB.N`) of a job among `known`.
    public static func isRun(_ term: String, of known: Set<String>) -> Bool {
        let job = JobSelector.job(ofDyno: Substring(term))
        return job.endIndex != term.endIndex && known.contains(String(job))
    }

    /// Whether a job-name argument is a pattern rather than a name (names never hold `*` or `?`).
    public static func isPattern(_ term: String) -> Bool { term.contains(where: { $0 == "*" || $0 == "?" }) }

    /// Shell-style match of the whole name: `*` any run of characters, `?` one character.
    public static func glob<S: StringProtocol>(_ pattern: String, matches name: S) -> Bool {
        let p = Array(pattern.unicodeScalars), s = Array(name.unicodeScalars)
        var i = 0, j = 0, star = -1, mark = 0
        while j < s.count {
            if i < p.count, p[i] == "?" || (p[i] != "*" && p[i] == s[j]) { i += 1; j += 1 }
            else if i < p.count, p[i] == "*" { star = i; mark = j; i += 1 }
            else if star >= 0 { i = star + 1; mark += 1; j = mark }
            else { return false }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }

    /// The run of a log dyno: `JOB.N` of `JOB.N.on_failure` (a hook's output), else the dyno.
    public static func run(ofDyno dyno: Substring) -> Substring {
        if let dot = dyno.lastIndex(of: "."), hookLabels.contains(String(dyno[dyno.index(after: dot)...])) { return dyno[..<dot] }
        return dyno
    }

    /// The job of a log dyno: `JOB.N`, `JOB.N.on_failure` (a hook's output) or `JOB`; job names may hold dots.
    public static func job(ofDyno dyno: Substring) -> Substring {
        let d = run(ofDyno: dyno)
        if let dot = d.lastIndex(of: "."), !d[d.index(after: dot)...].isEmpty, d[d.index(after: dot)...].allSatisfy(\.isASCIIDigit) {
            return d[..<dot]
        }
        return d
    }

    /// The labels of hook dynos (`JOB.N.LABEL`).
    public static let hookLabels: Set<String> = ["on_failure", "on_success", "on_retry", "mail"]
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// Which job names an operator command may be asked about.
public enum KnownJobs {
    /// Whether the job has history: in `history.state` and the records after it, else (no usable state
    /// file) anywhere in the journal.
    public static func hasHistory(_ name: String, paths: StatePaths) -> Bool {
        if let names = withHistory(paths) { return names.contains(name) }
        let found = (try? Journal.tail(path: paths.journal, count: 1) { $0.job == name })?.records ?? []
        return !found.isEmpty
    }

    /// Every job name with history: `history.state` plus the journal records written after it (what the
    /// daemon reads at start); nil without a usable state file.
    public static func withHistory(_ paths: StatePaths) -> Set<String>? {
        guard case .success(let state) = HistoryState.read(paths.historyState),
              let replayed = HistoryRecovery.replay(state, journal: paths.journal, watching: []) else { return nil }
        return Set(replayed.state.jobs.keys)
    }
}
