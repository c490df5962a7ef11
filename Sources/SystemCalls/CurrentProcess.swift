#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// A user account from the password database.
public struct UserAccount: Equatable, Sendable {
    public var name: String
    public var userID: uid_t
    public var groupID: gid_t
    public var homeDirectory: String
    public var shell: String
}

/// Facts about this process and the machine it runs on.
public enum CurrentProcess {
    /// `getpid(2)`.
    public static var id: pid_t { getpid() }
    /// `getppid(2)`.
    public static var parentID: pid_t { getppid() }
    /// `getuid(2)`.
    public static var userID: uid_t { getuid() }
    /// `geteuid(2)`.
    public static var effectiveUserID: uid_t { geteuid() }
    /// `getgid(2)`.
    public static var groupID: gid_t { getgid() }

    /// `getsid(2)`: session id of `pid` (0 = this process).
    public static func sessionID(of pid: pid_t = 0) throws -> pid_t {
        try valueOrErrno("getsid \(pid)") { getsid(pid) }
    }

    /// `getpgid(2)`: process group of `pid` (0 = this process).
    public static func processGroup(of pid: pid_t = 0) throws -> pid_t {
        try valueOrErrno("getpgid \(pid)") { getpgid(pid) }
    }

    /// `getpwuid_r(3)`: the account for `uid` (default: ours); nil if the uid has no entry.
    public static func account(_ uid: uid_t = getuid()) throws -> UserAccount? {
        try lookUpAccount("getpwuid_r \(uid)") { getpwuid_r(uid, $0, $1, $2, $3) }
    }

    /// `getpwnam_r(3)`: the account named `name`; nil if there is none.
    public static func account(named name: String) throws -> UserAccount? {
        try lookUpAccount("getpwnam_r \(name)") { getpwnam_r(name, $0, $1, $2, $3) }
    }

    /// The buffer-growing loop shared by the `getpw*_r` calls.
    private static func lookUpAccount(
        _ what: String,
        _ call: (UnsafeMutablePointer<passwd>, UnsafeMutablePointer<CChar>, Int, UnsafeMutablePointer<UnsafeMutablePointer<passwd>?>) -> Int32
    ) throws -> UserAccount? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>? = nil
        var size = max(Int(sysconf(Int32(_SC_GETPW_R_SIZE_MAX))), 1024)
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let code = buffer.withUnsafeMutableBufferPointer { call(&entry, $0.baseAddress!, size, &result) }
            if code == ERANGE && size < 1 << 20 { size *= 4; continue }
            if code == EINTR { continue }
            try checkReturnCode(what, code)
            guard result != nil else { return nil }
            return UserAccount(
                name: String(cString: entry.pw_name), userID: entry.pw_uid, groupID: entry.pw_gid,
                homeDirectory: String(cString: entry.pw_dir), shell: String(cString: entry.pw_shell))
        }
    }

    /// `prctl(PR_SET_TIMERSLACK)`: how late the kernel may fire our timers to batch wakeups (default 50 µs).
    public static func setTimerSlack(nanoseconds: UInt) throws {
        try nothingOrErrno("prctl(PR_SET_TIMERSLACK)") { csystem_set_timer_slack(nanoseconds) }
    }

    /// `prctl(PR_GET_TIMERSLACK)` of the calling thread; nil where unsupported.
    public static func timerSlack() -> UInt? {
        let v = csystem_get_timer_slack()
        return v < 0 ? nil : UInt(v)
    }

    /// The kernel's default timer slack (50 µs), what a process started by us should run with.
    public static let defaultTimerSlack: UInt = 50_000

    /// `getrlimit`/`setrlimit(RLIMIT_NOFILE)`: raises the soft descriptor limit to the hard one (systemd's
    /// advice for programs that need many: the soft 1024 exists for select(2), which we don't use).
    /// Returns (soft, hard) after the change.
    @discardableResult
    public static func raiseFileLimit() throws -> (soft: UInt64, hard: UInt64) {
        var l = rlimit()
        try nothingOrErrno("getrlimit(RLIMIT_NOFILE)") { getrlimit(RLIMIT_NOFILE_ID, &l) }
        if l.rlim_cur < l.rlim_max {
            var raised = l
            raised.rlim_cur = l.rlim_max
            try nothingOrErrno("setrlimit(RLIMIT_NOFILE)") { setrlimit(RLIMIT_NOFILE_ID, &raised) }
            l = raised
        }
        return (UInt64(l.rlim_cur), UInt64(l.rlim_max))
    }

    /// The soft and hard RLIMIT_NOFILE.
    public static func fileLimit() throws -> (soft: UInt64, hard: UInt64) {
        var l = rlimit()
        try nothingOrErrno("getrlimit(RLIMIT_NOFILE)") { getrlimit(RLIMIT_NOFILE_ID, &l) }
        return (UInt64(l.rlim_cur), UInt64(l.rlim_max))
    }

    /// Processors online, `sysconf(_SC_NPROCESSORS_ONLN)`; at least 1.
    public static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `gethostname(2)`.
    public static func hostname() throws -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        try nothingOrErrno("gethostname") { gethostname(&buffer, buffer.count - 1) }
        return String(cString: buffer)
    }

    /// `environ`: our environment. Entries without "=" are skipped; the first of duplicate names wins (as `getenv`).
    public static func environment() -> [String: String] {
        var result: [String: String] = [:]
        #if canImport(Darwin)
        guard var p = _NSGetEnviron()?.pointee else { return result }
        #else
        let maybe: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ  // NULL after clearenv()
        guard var p = maybe else { return result }
        #endif
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "="), result[String(text[..<eq])] == nil {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            p += 1
        }
        return result
    }

    /// `getenv(3)`.
    public static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// `umask(2)`: sets the file creation mask, returns the previous one.
    @discardableResult
    public static func setUmask(_ mask: mode_t) -> mode_t { umask(mask) }

    /// The file creation mask, read without changing it (from /proc/self/status on Linux; elsewhere a
    /// brief set-and-restore, which another thread creating a file could observe).
    public static func currentUmask() -> mode_t {
        if let line = procStatusField("Umask"), let value = mode_t(line, radix: 8) { return value }
        let old = umask(0o022)
        umask(old)
        return old
    }

    /// Resident set size in KiB (VmRSS in /proc/self/status); nil where unavailable (macOS).
    public static func residentSetKiB() -> Int64? { procStatusField("VmRSS").flatMap(kiB) }

    /// Peak resident set size in KiB (VmHWM in /proc/self/status); nil where unavailable.
    public static func peakResidentSetKiB() -> Int64? { procStatusField("VmHWM").flatMap(kiB) }

    private static func kiB(_ field: String) -> Int64? { Int64(field.split(separator: " ").first ?? "") }

    /// The value after "Name:" in /proc/self/status, trimmed.
    static func procStatusField(_ name: String) -> String? {
        guard let bytes = try? FileSystem.readFile("/proc/self/status") else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name + ":") {
            return String(line.dropFirst(name.count + 1).drop { $0 == " " || $0 == "\t" })
        }
        return nil
    }
}

#if canImport(Glibc)
private let RLIMIT_NOFILE_ID = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#else
private let RLIMIT_NOFILE_ID = RLIMIT_NOFILE
#endif
