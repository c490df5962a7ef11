import SchedulerCore
import StateFormats
import SystemCalls

/// Start-up's view of the past: the state file plus the journal records written after it (a few at most:
/// the state is rewritten within a minute of any record), or, when the state file is missing, damaged or
/// from another version, the whole journal read once (reported), a chunk at a time, and the state written anew.
public struct HistoryRecovery {
    public var state: HistoryState
    /// The run numbers the state file had, before records written after it were folded in.
    let runsAtSnapshot: [String: Int]
    /// Attempts whose records were read (the replay, or everything when rebuilt), of those `watching` names.
    let recorded: Set<RunID>
    public var rebuilt: Bool
    /// Why the state was rebuilt, for the log; nil when it was used (or there was no history at all).
    public var report: String?
    public var warnings: [String] = []
    /// Records read from the journal (a measure of start-up cost).
    public var recordsRead: Int

    /// Recovers from the state file at `statePath` and the journal at `journal`. `watching`: the attempts
    /// `unrecorded` will be asked about (lock files); nil remembers every attempt read.
    public static func recover(journal: String, statePath: String, watching: Set<RunID>? = nil) -> HistoryRecovery {
        let problem: HistoryState.Problem
        switch HistoryState.read(statePath) {
        case .success(let s):
            if let r = replay(s, journal: journal, watching: watching) { return r }
            problem = .damaged("the journal file it refers to is gone or shorter")
        case .failure(let p): problem = p
        }
        return rebuild(journal: journal, statePath: statePath, problem: problem, watching: watching)
    }

    /// The state plus the records after its offset: in its file (found by inode: it may have been rotated) and
    /// every newer one. Nil when that file is gone.
    static func replay(_ s: HistoryState, journal: String, watching: Set<RunID>?) -> HistoryRecovery? {
        let files = JournalFiles.newestFirst(journal)
        var first = files.count - 1, offset: Int64 = 0  // no journal when it was written: every file is newer
        if s.journalInode != 0 {
            guard let i = files.firstIndex(where: { (try? FileSystem.stat($0)).map { $0.inode == s.journalInode && $0.device == s.journalDevice } ?? false }),
                  let size = try? FileSystem.stat(files[i]).size, size >= s.offset else { return nil }
            (first, offset) = (i, s.offset)
        }
        var fold = Fold(state: s, watching: watching), warnings: [String] = []
        for k in stride(from: first, through: 0, by: -1) {
            guard let w = try? Journal.forEachChunk(path: files[k], from: k == first ? offset : 0, { fold.add($0) }) else {
                warnings.append("\(files[k]): can't be read"); continue
            }
            warnings += w
        }
        return HistoryRecovery(state: fold.state, runsAtSnapshot: s.jobs.mapValues(\.lastRun), recorded: fold.recorded,
                               rebuilt: false, report: nil, warnings: warnings, recordsRead: fold.count)
    }

    /// The state from every record of every journal file, oldest first, a chunk at a time (memory: one chunk
    /// and one entry per job, whatever the history's size).
    static func rebuild(journal: String, statePath: String, problem: HistoryState.Problem, watching: Set<RunID>?) -> HistoryRecovery {
        let files = JournalFiles.newestFirst(journal)
        var fold = Fold(state: HistoryState(), watching: watching)
        let warnings = Journal.forEachChunkOfEveryFile(path: journal) { fold.add($0) }
        let report = problem == .missing && files.isEmpty ? nil
            : "\(statePath) \(problem.description): rebuilt from the run history (\(fold.count) record(s) in \(files.count) file(s))"
        return HistoryRecovery(state: fold.state, runsAtSnapshot: [:], recorded: fold.recorded, rebuilt: true,
                               report: report, warnings: warnings, recordsRead: fold.count)
    }

    /// Records folded into a state as they are read.
    struct Fold {
        var state: HistoryState
        let watching: Set<RunID>?
        var recorded: Set<RunID> = []
        var count = 0

        mutating func add(_ records: [JournalRecord]) {
            state.merge(records)
            count += records.count
            for r in records where watching?.contains(r.id) ?? true { recorded.insert(r.id) }
        }
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
    var id: RunID { RunID(job: self.job, run: self.run, attempt: self.attempt) }
}
