#if canImport(Glibc)
import Glibc
#endif
import SystemCalls
import Testing

/// Issue 12 finding 1: an env_file is held to the config's rule (and sudo's): `check` refuses one that
/// another user owns or may write, or that sits in a directory others may write, in the config's
/// message style; the hint never suggests chmod of a shared directory such as /tmp.
@Suite(.serialized) struct EnvFileSecurityTests {
    static func config(_ envFile: String) -> String {
        "[jobs.a]\ncommand = \"echo $FROM_FILE\"\nevery = \"1h\"\nenv_file = \"\(envFile)\"\n"
    }

    func sandbox(mode: mode_t = 0o600) throws -> (CLISandbox, String) {
        let file = try FileSystem.makeTemporaryDirectory(prefix: "envfile-dir") + "/app.env"
        try FileSystem.writeFileAtomically(file, Array("FROM_FILE=yes\n".utf8), permissions: mode)
        return (try CLISandbox(config: Self.config(file)), file)
    }

    @Test func aPrivateEnvFileIsAccepted() throws {
        let (box, _) = try sandbox()
        let r = try box.run(["check"])
        #expect(r.status == 0, "\(r.err)")
        #expect(try box.run(["run", "a"]).out == "yes\n")
    }

    @Test(arguments: [(mode_t(0o666), "everyone"), (0o620, "its group")])
    func aWritableEnvFileIsRefused(_ mode: mode_t, _ who: String) throws {
        let (box, file) = try sandbox(mode: mode)
        let r = try box.run(["check"])
        #expect(r.status == 2)
        #expect(r.err.contains("refusing env_file: file '\(file)' is writable by \(who) (mode \(String(mode, radix: 8)))"), "\(r.err)")
        #expect(r.err.contains("chmod go-w '\(file)'"))
        #expect(try box.run(["run", "a"]).status == 2)
    }

    @Test(.enabled(if: getuid() == 0 && SecondUser.uid() != nil, "needs root and useradd"))
    func anEnvFileOfAnotherUserIsRefused() throws {
        let (box, file) = try sandbox()
        try SecondUser.give(file)
        let r = try box.run(["check"])
        #expect(r.status == 2)
        #expect(r.err.contains("refusing env_file: file '\(file)' belongs to user id \(SecondUser.uid()!), not to you (0)"), "\(r.err)")
    }

    @Test func anEnvFileInASharedStickyDirectoryIsRefusedWithAMoveHint() throws {
        let file = "/tmp/sch-h12-\(getpid()).env"
        try FileSystem.writeFileAtomically(file, Array("FROM_FILE=yes\n".utf8), permissions: 0o600)
        defer { try? FileSystem.unlink(file) }
        let box = try CLISandbox(config: Self.config(file))
        let r = try box.run(["check"])
        #expect(r.status == 2)
        #expect(r.err.contains("refusing env_file: directory '/tmp' is writable by everyone (mode 1777)"), "\(r.err)")
        #expect(r.err.contains("move the file to a directory only you can write") && !r.err.contains("chmod"))
    }

    /// The config in /tmp gets the same hint (before: "run: chmod go-w '/tmp'").
    @Test func aConfigInASharedStickyDirectoryGetsAMoveHint() throws {
        let box = try CLISandbox(config: "")
        let config = "/tmp/sch-h12-\(getpid()).toml"
        try FileSystem.writeFileAtomically(config, Array("[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n".utf8), permissions: 0o600)
        defer { try? FileSystem.unlink(config) }
        let r = try box.run(["check", "--config", config])
        #expect(r.status == 2)
        #expect(r.err.contains("refusing config: directory '/tmp' is writable by everyone") && !r.err.contains("chmod go-w '/tmp'"), "\(r.err)")
    }

    /// Finding 14: a FIFO as config used to hang `check`.
    @Test func aFIFOAsConfigIsRefusedAtOnce() throws {
        let box = try CLISandbox(config: "")
        try FileSystem.unlink(box.config)
        #expect(mkfifo(box.config, 0o600) == 0)
        let r = try box.run(["check"], timeout: 10)
        #expect(r.status == 2)
        #expect(r.err.contains("is not a regular file"), "\(r.err)")
    }
}
