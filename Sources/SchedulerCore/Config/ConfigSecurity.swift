import SystemCalls

/// Refuses a config that someone else could change, as cron and sudo do: the file and its directory
/// must not be writable by group or others, and must belong to the user (or root).
public enum ConfigSecurity {
    /// Reads a file's status without following a final symbolic link; nil when it does not exist.
    public typealias StatusFunction = @Sendable (String) -> FileStatus?

    /// The real file system, through SystemCalls' lstat (SchedulerCore makes no libc calls).
    public static let realStatus: StatusFunction = { try? SystemCalls.FileSystem.lstat($0) }

    /// The effective user id (geteuid, through SystemCalls).
    public static func currentUserID() -> UInt32? {
        UInt32(CurrentProcess.effectiveUserID)
    }

    /// Why `path` must not be trusted, or nil when it is safe. Follows symbolic links (each link's
    /// directory is checked too, since whoever can write there can swap the link).
    public static func problem(path: String, userID: UInt32?, status: StatusFunction = realStatus) -> Diagnostic? {
        var current = path
        for _ in 0..<16 {
            guard let file = status(current) else {
                return Diagnostic(path: path, message: "config file '\(current)' not found",
                                  hint: "create it (scheduler install writes a commented example), or name another with --config PATH or $SCHEDULER_CONFIG")
            }
            if file.isDirectory { return Diagnostic(path: path, message: "'\(current)' is a directory, not a config file") }
            let dir = ConfigLocation.directory(of: current)
            // "dir/." makes the status call follow a symbolic link to the directory itself.
            if let p = unsafe(dir, kind: "directory", userID: userID, status: status, statusPath: dir + "/.") {
                return diagnostic(path, p)
            }
            guard file.kind == .symbolicLink else {
                return unsafe(current, kind: "file", userID: userID, status: status).map { diagnostic(path, $0) }
            }
            guard let target = try? SystemCalls.FileSystem.readLink(current) else { break }
            current = target.hasPrefix("/") ? target : ConfigLocation.join(dir, target)
        }
        return Diagnostic(path: path, message: "too many symbolic links resolving '\(path)'")
    }

    private static func diagnostic(_ path: String, _ problem: (String, String)) -> Diagnostic {
        Diagnostic(path: path, message: problem.0, hint: problem.1)
    }

    /// A (message, hint) pair when `path` is writable by others or owned by a stranger.
    private static func unsafe(_ path: String, kind: String, userID: UInt32?, status: StatusFunction,
                               statusPath: String? = nil) -> (String, String)? {
        guard let s = status(statusPath ?? path) else { return nil }
        // A sticky world-writable directory (/tmp) is refused too: others may create files there.
        if s.permissions & 0o022 != 0 {
            let who = s.permissions & 0o002 != 0 ? "everyone" : "its group"
            let mode = String(s.permissions & 0o7777, radix: 8)
            return ("refusing config: \(kind) '\(path)' is writable by \(who) (mode \(mode))",
                    "anyone who can change it can run commands as you; run: chmod go-w '\(path)'")
        }
        if let userID, s.userID != userID, s.userID != 0 {
            return ("refusing config: \(kind) '\(path)' belongs to user id \(s.userID), not to you (\(userID))",
                    "only your own or root's files are trusted; run: chown \(userID) '\(path)'")
        }
        return nil
    }
}
