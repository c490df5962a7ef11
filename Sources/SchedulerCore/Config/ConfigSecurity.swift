import SystemCalls

/// Refuses a file that decides what runs (the config, an `env_file`) when someone else could change it,
/// as cron and sudo do: the file and its directory must not be writable by group or others, must belong
/// to the user (or root), and the file must be a regular file.
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
    /// `what` names the file in messages: "config" or "env_file".
    public static func problem(path: String, userID: UInt32?, status: StatusFunction = realStatus, what: String = "config") -> Diagnostic? {
        var current = path
        for _ in 0..<16 {
            guard let file = status(current) else {
                return what == "config"
                    ? Diagnostic(path: path, message: "config file '\(current)' not found",
                                 hint: "create it (scheduler install writes a commented example), or name another with --config PATH or $SCHEDULER_CONFIG")
                    : Diagnostic(path: path, message: "\(what) '\(current)' not found", hint: "create it, or fix the path (relative paths start at the config file's directory)")
            }
            if file.isDirectory { return Diagnostic(path: path, message: "'\(current)' is a directory, not a \(what) file") }
            let dir = ConfigLocation.directory(of: current)
            // "dir/." makes the status call follow a symbolic link to the directory itself.
            if let p = unsafe(dir, kind: "directory", what: what, userID: userID, status: status, statusPath: dir + "/.") {
                return diagnostic(path, p)
            }
            guard file.kind == .symbolicLink else {
                // A FIFO would hang the reader, a device is nobody's config.
                guard file.kind == .regular else {
                    return Diagnostic(path: path, message: "refusing \(what): '\(current)' is not a regular file (\(file.kind))",
                                      hint: "point to a regular file")
                }
                return unsafe(current, kind: "file", what: what, userID: userID, status: status).map { diagnostic(path, $0) }
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
    private static func unsafe(_ path: String, kind: String, what: String, userID: UInt32?, status: StatusFunction,
                               statusPath: String? = nil) -> (String, String)? {
        guard let s = status(statusPath ?? path) else { return nil }
        let mine = userID.map { s.userID == $0 } ?? true
        // A shared directory (sticky like /tmp, or someone else's) is never ours to chmod: move the file out.
        let move = "move the file to a directory only you can write (e.g. ~/.config/scheduler/) and point to it there"
        // A sticky world-writable directory (/tmp) is refused too: others may create files there.
        if s.permissions & 0o022 != 0 {
            let who = s.permissions & 0o002 != 0 ? "everyone" : "its group"
            let mode = String(s.permissions & 0o7777, radix: 8)
            let shared = kind == "directory" && (s.permissions & 0o1000 != 0 || !mine)
            return ("refusing \(what): \(kind) '\(path)' is writable by \(who) (mode \(mode))",
                    "anyone who can change it can run commands as you; " + (shared ? move : "run: chmod go-w '\(path)'"))
        }
        if let userID, s.userID != userID, s.userID != 0 {
            return ("refusing \(what): \(kind) '\(path)' belongs to user id \(s.userID), not to you (\(userID))",
                    "only your own or root's files are trusted; " + (kind == "directory" ? move : "run: chown \(userID) '\(path)', or " + move))
        }
        return nil
    }
}
