import SchedulerCore
import StateFormats
import SystemCalls

/// Start-up's view of the past: the state file plus the journal records written after it (a few at most:
/// the state is rewritten within a minute of any record), or, when the state file is missing, damaged or
/// from another version, the whole journal read once (reported) and the state written anew.
public struct HistoryRecovery {
    public var state: HistoryState
    /// The run numbers the state file had, before records written after it were folded in.
    let runsAtSnapshot: [String: Int]
    /// Attempts whose records were read (the replay, or everything when rebuilt).
    let recorded: Set<RunID>
    public var rebuilt: Bool
    /// Why the state was rebuilt, for the log; nil when it was used (or there was no history at all).
    public var report: String?
    public var warnings: [String] = []
    /// Records read from the journal (a measure of start-up cost).
    public var recordsRead: Int

    /// Recovers from the state file at `statePath` and the journal at `journal`.
    public static func recover(journal: String, statePath: String) -> HistoryRecovery {
        let problem: HistoryState.Problem
        switch HistoryState.read(statePath) {
        case .success(let s):
            if let r = replay(s, journal: journal) { return r }
            problem = .damaged("the journal file it refers to is gone or shorter")
        case .failure(let p): problem = p
        }
        return rebuild(journal: journal, statePath: statePath, problem: problem)
    }

    /// The state plus the records after its offset: in its file (found by inode: it may have been rotated) and
    /// every newer one. Nil when that file is gone.
    static func replay(_ s: HistoryState, journal: String) -> HistoryRecovery? {
        let files = JournalFiles.newestFirst(journal)
        var first = files.count - 1, offset: Int64 = 0  // no journal when it was written: every file is newer
        if s.journalInode != 0 {
            guard let i = files.firstIndex(where: { (try? FileSystem.stat($0)).map { $0.inode == s.journalInode && $0.device == s.journalDevice } ?? false }),
                  let size = try? FileSystem.stat(files[i]).size, size >= s.offset else { return nil }
            (first, offset) = (i, s.offset)
        }
        var records: [JournalRecord] = [], warnings: [String] = []
        for k in stride(from: first, through: 0, by: -1) {
            guard let (r, w) = try? Journal.readAll(path: files[k], from: k == first ? offset : 0) else {
                warnings.append("\(files[k]): can't be read"); continue
            }
            records += r; warnings += w
        }
        var state = s
        state.merge(records)
        return HistoryRecovery(state: state, runsAtSnapshot: s.jobs.mapValues(\.lastRun), recorded: Set(records.map(\.id)),
                               rebuilt: false, report: nil, warnings: warnings, recordsRead: records.count)
    }

    static func rebuild(journal: String, statePath: String, problem: HistoryState.Problem) -> HistoryRecovery {
        let files = JournalFiles.newestFirst(journal)
        let (records, warnings) = Journal.readEveryFile(path: journal)
        var state = HistoryState()
        state.merge(records)
        let report = problem == .missing && files.isEmpty ? nil
            : "\(statePath) \(problem.description): rebuilt from the run history (\(records.count) record(s) in \(files.count) file(s))"
        return HistoryRecovery(state: state, runsAtSnapshot: [:], recorded: Set(records.map(\.id)), rebuilt: true,
                               report: report, warnings: warnings, recordsRead: records.count)
    }

    /// Whether an attempt found in a lock file has no record: not among the records read, and (with a state
    /// file) running when the state was written, or started after it.
    public func unrecorded(_ s: RunState) -> Bool {
        let id = RunID(job: s.job, run: s.run, attempt: s.attempt)
        if recorded.contains(id) { return false }
        if rebuilt { return true }
        let started = s.startedNanos ?? s.startedAt * 1_000_000_000
        return state.open.contains(id) || started > state.writtenAt.nanoseconds || s.run > runsAtSnapshot[s.job] ?? 0
    }
}

extension JournalRecord {
    var id: RunID { RunID(job: job, run: run, attempt: attempt) }
}
