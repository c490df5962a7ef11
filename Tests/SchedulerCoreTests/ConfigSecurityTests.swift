import FoundationEssentials
import Testing
@testable import SchedulerCore
import SystemCalls

/// The cron/sudo rule: refuse a config others could change. Real files, chmod'ed in a private temp dir.
@Suite struct ConfigSecurityTests {
    /// A fresh 0700 directory holding a 0600 `scheduler.toml`.
    final class Sandbox {
        let dir: String
        let file: String
        let fm = FileManager.default
        init() throws {
            dir = fm.temporaryDirectory.path + "/config-security-" + UUID().uuidString
            file = dir + "/scheduler.toml"
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            #expect(fm.createFile(atPath: file, contents: Data("[jobs.a]\ncommand = \"true\"\nhourly = 5\n".utf8),
                                  attributes: [.posixPermissions: 0o600]))
        }
        func chmod(_ path: String, _ mode: Int) throws { try fm.setAttributes([.posixPermissions: mode], ofItemAtPath: path) }
        deinit { try? fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir); try? fm.removeItem(atPath: dir) }
    }

    static let me = ConfigSecurity.currentUserID()
    static let isRoot = me == 0

    private func problem(_ path: String) -> (String, String?)? {
        ConfigSecurity.problem(path: path, userID: Self.me).map { ($0.message, $0.hint) }
    }

    @Test func privateFileIsAccepted() throws {
        let s = try Sandbox()
        #expect(problem(s.file) == nil)
    }

    @Test(arguments: [(0o620, "its group", "620"), (0o602, "everyone", "602"), (0o666, "everyone", "666")])
    func writableFileIsRefused(mode: Int, who: String, shown: String) throws {
        let s = try Sandbox()
        try s.chmod(s.file, mode)
        let p = try #require(problem(s.file))
        #expect(p.0 == "refusing config: file '\(s.file)' is writable by \(who) (mode \(shown))")
        #expect(p.1 == "anyone who can change it can run commands as you; run: chmod go-w '\(s.file)'")
    }

    @Test(arguments: [(0o770, "its group", "770"), (0o1777, "everyone", "1777"), (0o757, "everyone", "757")])
    func writableDirectoryIsRefused(mode: Int, who: String, shown: String) throws {
        let s = try Sandbox()
        try s.chmod(s.dir, mode)
        #expect(problem(s.file)?.0 == "refusing config: directory '\(s.dir)' is writable by \(who) (mode \(shown))")
    }

    @Test(.enabled(if: isRoot, "chown needs root")) func fileOfAnotherUserIsRefused() throws {
        let s = try Sandbox()
        try s.fm.setAttributes([.ownerAccountID: 12345], ofItemAtPath: s.file)
        let p = try #require(problem(s.file))
        #expect(p.0 == "refusing config: file '\(s.file)' belongs to user id 12345, not to you (0)")
        #expect(p.1 == "only your own or root's files are trusted; run: chown 0 '\(s.file)', or move the file to a directory only you can write (e.g. ~/.config/scheduler/) and point to it there")
    }

    @Test(.enabled(if: isRoot, "chown needs root")) func directoryOfAnotherUserIsRefused() throws {
        let s = try Sandbox()
        try s.fm.setAttributes([.ownerAccountID: 12345], ofItemAtPath: s.dir)
        #expect(problem(s.file)?.0 == "refusing config: directory '\(s.dir)' belongs to user id 12345, not to you (0)")
    }

    @Test(arguments: [(UInt32(1000), UInt32(1000), true), (1000, 0, true), (1000, 1001, false), (0, 1000, false)])
    func ownerRule(user: UInt32, owner: UInt32, accepted: Bool) {
        let status: ConfigSecurity.StatusFunction = { path in
            FileStatus(kind: path.hasSuffix("/.") ? .directory : .regular, permissions: path.hasSuffix("/.") ? 0o755 : 0o644, userID: owner)
        }
        #expect((ConfigSecurity.problem(path: "/c/s.toml", userID: user, status: status) == nil) == accepted)
    }

    @Test func missingFileAndDirectory() throws {
        let s = try Sandbox()
        #expect(problem(s.dir + "/nope.toml")?.0 == "config file '\(s.dir)/nope.toml' not found")
        #expect(problem(s.dir)?.0 == "'\(s.dir)' is a directory, not a config file")
    }

    @Test func symbolicLinksAreFollowedAndTheTargetChecked() throws {
        let s = try Sandbox()
        let link = s.dir + "/link.toml"
        try s.fm.createSymbolicLink(atPath: link, withDestinationPath: "scheduler.toml")
        #expect(problem(link) == nil)
        let shared = s.dir + "/shared"
        try s.fm.createDirectory(atPath: shared, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        #expect(s.fm.createFile(atPath: shared + "/x.toml", contents: Data(), attributes: [.posixPermissions: 0o600]))
        try s.fm.createSymbolicLink(atPath: s.dir + "/link2.toml", withDestinationPath: shared + "/x.toml")
        #expect(problem(s.dir + "/link2.toml") == nil)
        try s.chmod(shared, 0o777)
        #expect(problem(s.dir + "/link2.toml")?.0 == "refusing config: directory '\(shared)' is writable by everyone (mode 777)")
    }

    @Test func checkRefusesBeforeReading() throws {
        let s = try Sandbox()
        try s.chmod(s.file, 0o646)
        let r = ConfigLoader(environment: [:], userID: Self.me).check(path: s.file)
        #expect(r.config == nil)
        #expect(r.diagnostics.map(\.position) == [nil])
        #expect(r.diagnostics.first?.render(color: false).hasPrefix("\(s.file): error: refusing config") == true)
    }

    @Test func checkReadsASafeFile() throws {
        let s = try Sandbox()
        let r = ConfigLoader(environment: [:], userID: Self.me).check(path: s.file)
        #expect(r.diagnostics.map(\.description) == [])
        #expect(r.config?.jobs.map(\.name) == ["a"])
    }
}
