import SchedulerCore
import SystemCalls

/// Why a directory of ours can't be trusted, with the fix.
public struct StateDirectoryError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var hint: String
    public var description: String { message + "\n  hint: " + hint }
}

/// The directories scheduler keeps for itself (state, logs, runtime, locks, runs; never a job's `directory`):
/// each must be a real directory (not a symbolic link), owned by us, and not writable by group or others.
/// Otherwise another user could have planted it to pause our jobs, read their output, hold their locks or
/// redirect log rotation into a directory of ours; we refuse, naming the fix, as cron and sudo do.
public enum StateDirectories {
    /// Every directory of ours under `paths`, parents first.
    public static func all(_ paths: StatePaths) -> [String] {
        [paths.state, paths.logDirectory, paths.runtime, paths.locks, paths.runs]
    }

    /// Verifies every directory of ours, then creates what is missing (0700, parents included). Failing to
    /// create one is not fatal here (a full or read-only disk must not stop jobs): its writer reports it.
    public static func prepare(_ paths: StatePaths) throws(StateDirectoryError) {
        try check(paths)
        for dir in all(paths) { try? ensure(dir) }
    }

    /// Verifies the directories of ours that exist (for commands that only read); missing ones are fine.
    public static func check(_ paths: StatePaths) throws(StateDirectoryError) {
        if let problem = paths.problem {
            throw StateDirectoryError(message: "refusing to run: \(problem)",
                                      hint: "set HOME (or XDG_STATE_HOME) to a directory of yours; scheduler never falls back to a shared one such as /tmp")
        }
        let fallback = paths.withRuntime(paths.fallbackRuntime)  // where the daemon may have moved (RuntimeLocation)
        for dir in all(paths) + (fallback == paths ? [] : [fallback.runtime, fallback.locks, fallback.runs]) {
            guard let st = try? FileSystem.lstat(dir) else { continue }
            if let e = problem(dir, st, strict: false) { throw e }
        }
    }

    /// Creates `dir` (0700) when missing, then verifies it.
    public static func ensure(_ dir: String) throws(StateDirectoryError) {
        if (try? FileSystem.lstat(dir)) == nil {
            do { try FileSystem.makeDirectories(dir, permissions: 0o700) } catch {
                throw StateDirectoryError(message: "can't create directory '\(dir)': \(error)", hint: "check the permissions of its parent directory")
            }
        }
        guard let st = try? FileSystem.lstat(dir) else {
            throw StateDirectoryError(message: "can't read directory '\(dir)'", hint: "check the permissions of its parent directory")
        }
        if let e = problem(dir, st) { throw e }
    }

    /// Opens a directory of ours for renames and removals inside it, checking what was opened (not the path).
    public static func open(_ dir: String) throws -> DirectoryHandle {
        let handle = try DirectoryHandle.open(dir)
        if let e = problem(dir, try handle.status()) { try? handle.close(); throw e }
        return handle
    }

    /// What is wrong with `dir` given its lstat, or nil. Not `strict`: a file of ours where the directory
    /// should be is left for its writer to report (an unwritable log dir never stops jobs).
    static func problem(_ dir: String, _ st: FileStatus, strict: Bool = true, userID: UInt32 = CurrentProcess.effectiveUserID) -> StateDirectoryError? {
        let refusing = "refusing state directory '\(dir)'"
        let elsewhere = "or set XDG_STATE_HOME (state) or XDG_RUNTIME_DIR (locks, socket) to a directory of yours"
        switch st.kind {
        case .directory: break
        case .symbolicLink:
            return StateDirectoryError(message: "\(refusing): it is a symbolic link",
                                       hint: "scheduler keeps state only in a directory of its own: remove the link (rm '\(dir)') and run again, \(elsewhere)")
        default:
            if !strict, st.userID == userID { return nil }
            return StateDirectoryError(message: "\(refusing): it is not a directory",
                                       hint: "move it away (mv '\(dir)' '\(dir).old') and run again")
        }
        if st.userID != userID {
            return StateDirectoryError(message: "\(refusing): it belongs to user id \(st.userID), not to you (\(userID))",
                                       hint: "someone else created it, maybe to read or steer your jobs: have it removed (as root: rm -r '\(dir)'), \(elsewhere)")
        }
        if st.permissions & 0o022 != 0 {
            let who = st.permissions & 0o002 != 0 ? "everyone" : "its group"
            return StateDirectoryError(message: "\(refusing): it is writable by \(who) (mode \(String(st.permissions, radix: 8)))",
                                       hint: "others could plant files there; run: chmod 700 '\(dir)'")
        }
        return nil
    }

    /// Refuses a file of ours (journal, log, paused list, lock) that another user owns.
    public static func checkOwner(_ fd: FileDescriptor, path: String, userID: UInt32 = CurrentProcess.effectiveUserID) throws {
        let st = try fd.status()
        guard st.userID == userID else {
            throw StateDirectoryError(message: "refusing '\(path)': it belongs to user id \(st.userID), not to you (\(userID))",
                                      hint: "someone else created it: have it removed (as root: rm '\(path)')")
        }
        guard st.isRegularFile else {
            throw StateDirectoryError(message: "refusing '\(path)': it is not a regular file", hint: "move it away and run again")
        }
    }
}
