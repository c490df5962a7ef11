#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import Testing

/// `scheduler check`, run as a real process on configs in a private temp dir.
@Suite(.serialized) struct CheckCommandTests {
    /// A 0700 temp dir used as HOME, holding the config; removed at the end.
    final class Home {
        let dir: String
        let fm = FileManager.default
        var config: String { dir + "/scheduler.toml" }
        init(config text: String? = nil) throws {
            dir = fm.temporaryDirectory.path + "/check-cli-" + UUID().uuidString
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            if let text { try write(text, to: config) }
        }
        func write(_ text: String, to path: String, mode: Int = 0o600) throws {
            #expect(fm.createFile(atPath: path, contents: Data(text.utf8)))
            try fm.setAttributes([.posixPermissions: mode], ofItemAtPath: path)  // not subject to the umask
        }
        deinit { try? fm.removeItem(atPath: dir) }
    }

    struct Output { var status: Int32; var out: String; var err: String }

    /// The `scheduler` binary: $SCHEDULER_BIN, else next to the test bundle.
    static func binary() throws -> String {
        if let b = ProcessInfo.processInfo.environment["SCHEDULER_BIN"] { return b }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = exe
        for _ in 0..<4 {
            dir = String(dir[..<(dir.lastIndex(of: "/") ?? dir.startIndex)])
            if FileManager.default.isExecutableFile(atPath: dir + "/scheduler") { return dir + "/scheduler" }
        }
        throw CancellationError()
    }

    /// Runs `scheduler ARGS` with only `env` (plus PATH), stdin from /dev/null, output to files.
    static func run(_ args: [String], env: [String: String], in home: Home) throws -> Output {
        let bin = try binary()
        let out = home.dir + "/.out", err = home.dir + "/.err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([bin] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = (env.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a })
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, bin, &actions, nil, argv, envp)
        #expect(rc == 0)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        func read(_ p: String) -> String { String(decoding: FileManager.default.contents(atPath: p) ?? Data(), as: UTF8.self) }
        return Output(status: code, out: read(out), err: read(err))
    }

    static let valid = """
    [jobs.backup]
    command = "pg_dump app > /tmp/app.sql"
    daily = "03:30"
    timezone = "UTC"

    [jobs.sync]
    exec = ["rsync", "-a", "src/", "dst/"]
    every = "10m"
    enabled = false
    """

    @Test func validConfigListsJobsAndExitsZero() throws {
        let home = try Home(config: Self.valid)
        let r = try Self.run(["check", "--config", home.config], env: ["HOME": home.dir], in: home)
        #expect(r.err == "")
        #expect(r.out == """
        \(home.config): 2 jobs (1 disabled)
          backup daily at 03:30 (UTC)
          sync   every 10 minutes [disabled]

        """)
        #expect(r.status == 0)
    }

    @Test func errorsAreRenderedWithCaretsAndExitTwo() throws {
        let home = try Home(config: "[jobs.backup]\ncommand = \"x\"\ndaily = \"03:30\"\ntimout = \"1h\"\noverlap = \"skipp\"\n")
        let r = try Self.run(["check", "-c", home.config], env: ["HOME": home.dir], in: home)
        #expect(r.out == "")
        #expect(r.err == """
        \(home.config):4:1: error: unknown key 'timout' in job 'backup'
            4 | timout = "1h"
              | ^^^^^^
           hint: did you mean 'timeout'?

        \(home.config):5:11: error: 'overlap' in job 'backup' is 'skipp'; it must be one of skip, queue, replace, allow
            5 | overlap = "skipp"
              |           ^^^^^^^
           hint: did you mean 'skip'?

        \(home.config): 2 errors

        """)
        #expect(r.status == 2)
    }

    @Test func quietPrintsNothingOnSuccess() throws {
        let home = try Home(config: Self.valid)
        let r = try Self.run(["check", "--quiet", "--config=\(home.config)"], env: ["HOME": home.dir], in: home)
        #expect((r.status, r.out, r.err) == (0, "", ""))
    }

    @Test func configIsFoundThroughEnvironmentAndXDG() throws {
        let home = try Home()
        try FileManager.default.createDirectory(atPath: home.dir + "/xdg/scheduler", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try home.write(Self.valid, to: home.dir + "/xdg/scheduler/scheduler.toml")
        let xdg = try Self.run(["check"], env: ["HOME": home.dir, "XDG_CONFIG_HOME": home.dir + "/xdg"], in: home)
        #expect(xdg.out.hasPrefix(home.dir + "/xdg/scheduler/scheduler.toml: 2 jobs"))
        try home.write("[jobs.one]\ncommand = \"x\"\nevery = \"10m\"\n", to: home.dir + "/other.toml")
        let env = try Self.run(["check"], env: ["HOME": home.dir, "XDG_CONFIG_HOME": home.dir + "/xdg",
                                                "SCHEDULER_CONFIG": home.dir + "/other.toml"], in: home)
        #expect(env.out.hasPrefix(home.dir + "/other.toml: 1 job\n"))
        #expect(env.status == 0)
    }

    @Test func missingConfigExitsTwo() throws {
        let home = try Home()
        let r = try Self.run(["check"], env: ["HOME": home.dir], in: home)
        let path = home.dir + "/.config/scheduler/scheduler.toml"
        #expect(r.err.hasPrefix("\(path): error: config file '\(path)' not found\n   hint: create it"))
        #expect(r.err.hasSuffix("\(path): 1 error\n"))
        #expect(r.status == 2)
    }

    @Test func groupWritableConfigIsRefused() throws {
        let home = try Home()
        try home.write(Self.valid, to: home.config, mode: 0o660)
        let r = try Self.run(["check", "--config", home.config], env: ["HOME": home.dir], in: home)
        #expect(r.err.hasPrefix("\(home.config): error: refusing config: file '\(home.config)' is writable by its group (mode 660)\n"))
        #expect(r.status == 2)
    }

    @Test func warningsKeepExitZero() throws {
        let home = try Home(config: "[jobs.a]\nexec = [\"true\"]\nshell = \"/bin/bash\"\nhourly = 5\n")
        let r = try Self.run(["check", "--config", home.config], env: ["HOME": home.dir], in: home)
        #expect(r.err.hasPrefix("\(home.config):3:1: warning: 'shell' in job 'a' has no effect with 'exec'\n"))
        #expect(r.out.hasPrefix("\(home.config): 1 job\n  a "))
        #expect(r.status == 0)
    }

    @Test(arguments: [["check", "--confg", "x"], ["check", "extra"], ["check", "--config"]])
    func usageErrorsExitTwo(args: [String]) throws {
        let home = try Home()
        let r = try Self.run(args, env: ["HOME": home.dir], in: home)
        #expect(r.status == 2)
        #expect(r.err.contains("scheduler: "))
    }
}
