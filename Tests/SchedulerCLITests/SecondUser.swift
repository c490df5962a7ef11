#if canImport(Glibc)
import Glibc
#endif
import SystemCalls

/// A second local account for tests that prove a refusal (we run as root, for whom permission checks never
/// fail): created once with useradd, uniquely named per helper, never removed (idempotent across runs).
enum SecondUser {
    static let name = "sch_h12_x"

    /// The account's uid, creating it if needed; nil when this machine can't (not root, no useradd).
    static func uid() -> uid_t? {
        if let u = lookup() { return u }
        guard getuid() == 0 else { return nil }
        _ = run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name])
        return lookup()
    }

    static func lookup() -> uid_t? { getpwnam(name).map { $0.pointee.pw_uid } }

    /// Runs `executable ARGS` to the end; its exit status.
    @discardableResult
    static func run(_ executable: String, _ args: [String]) -> Int32? {
        guard let pid = try? Spawn.launch(Spawn.Request(executable: executable, arguments: args, environment: ["PATH": "/usr/sbin:/usr/bin:/bin"],
                                                        standardInput: .null, standardOutput: .null, standardError: .null)),
              let t = try? Child.wait(pid) else { return nil }
        return t.status.shellCode
    }

    /// chown(2) of `path` to the second user.
    static func give(_ path: String) throws {
        guard let u = uid() else { throw Errno(EPERM, call: "useradd \(name)") }
        guard chown(path, u, u) == 0 else { throw Errno(errno, call: "chown \(path)") }
    }
}
