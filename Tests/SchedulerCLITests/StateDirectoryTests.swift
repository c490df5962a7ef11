#if canImport(Glibc)
import Glibc
#endif
import SystemCalls
import Testing

/// Issue 12 finding 2: directories of ours (state, logs, runtime, locks, runs) planted or opened up by
/// someone else are refused with the fix named; nothing falls back to a shared directory.
@Suite(.serialized) struct StateDirectoryTests {
    static let config = "[jobs.a]\ncommand = \"echo hi\"\nevery = \"1h\"\n"

    @Test(.enabled(if: getuid() == 0 && SecondUser.uid() != nil, "needs root and useradd"))
    func aStateDirectoryOfAnotherUserIsRefused() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.state, permissions: 0o700)
        try SecondUser.give(box.state)
        for args in [["history"], ["list"], ["run", "a"], ["daemon"]] {
            let r = try box.run(args, timeout: 10)
            #expect(r.status == 2, "\(args)")
            #expect(r.err.contains("refusing state directory '\(box.state)': it belongs to user id \(SecondUser.uid()!), not to you (0)"), "\(args): \(r.err)")
            #expect(r.err.contains("hint:") && r.err.contains("XDG_STATE_HOME"))
        }
    }

    @Test func aWorldWritableLogsDirectoryIsRefusedWithTheChmod() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.state + "/logs", permissions: 0o700)
        try FileSystem.changeMode(box.state + "/logs", to: 0o777)
        let r = try box.run(["run", "a"])
        #expect(r.status == 2)
        #expect(r.err.contains("refusing state directory '\(box.state)/logs': it is writable by everyone (mode 777)"), "\(r.err)")
        #expect(r.err.contains("chmod 700 '\(box.state)/logs'"))
    }

    /// Before: rotation followed a symlinked logs/ into another directory and renamed files there.
    @Test func aSymlinkedLogsDirectoryIsRefused() throws {
        let box = try CLISandbox(config: Self.config)
        let elsewhere = try FileSystem.makeTemporaryDirectory(prefix: "victim")
        defer { try? FileSystem.removeTree(elsewhere) }
        try FileSystem.writeFileAtomically(elsewhere + "/scheduler.log", Array("precious\n".utf8), permissions: 0o600)
        try FileSystem.makeDirectories(box.state, permissions: 0o700)
        try FileSystem.makeSymbolicLink(box.state + "/logs", to: elsewhere)
        let r = try box.run(["daemon"], timeout: 10)
        #expect(r.status == 2)
        #expect(r.err.contains("refusing state directory '\(box.state)/logs': it is a symbolic link"), "\(r.err)")
        #expect(box.read(elsewhere + "/scheduler.log") == "precious\n")
        #expect((try? FileSystem.listDirectory(elsewhere))?.sorted() == ["scheduler.log"])
    }

    @Test(.enabled(if: getuid() == 0 && SecondUser.uid() != nil, "needs root and useradd"))
    func aLocksDirectoryOfAnotherUserIsRefused() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.runtime + "/locks", permissions: 0o700)
        try SecondUser.give(box.runtime + "/locks")
        let r = try box.run(["run", "a"])
        #expect(r.status == 2)
        #expect(r.err.contains("refusing state directory '\(box.runtime)/locks': it belongs to user id"), "\(r.err)")
    }

    @Test(.enabled(if: getuid() == 0 && SecondUser.uid() != nil, "needs root and useradd"))
    func aPausedFileOfAnotherUserPausesNothing() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.state, permissions: 0o700)
        try FileSystem.writeFileAtomically(box.state + "/paused", Array("a\n".utf8), permissions: 0o644)
        try SecondUser.give(box.state + "/paused")
        let r = try box.run(["list"])
        #expect(r.status == 0)
        #expect(!r.out.contains("paused"), "\(r.out)")
    }

    /// Before: a lock file another user planted (and could flock) was opened and used as ours.
    @Test(.enabled(if: getuid() == 0 && SecondUser.uid() != nil, "needs root and useradd"))
    func aLockFileOfAnotherUserIsRefused() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.runtime + "/locks", permissions: 0o700)
        let lock = box.runtime + "/locks/a.lock"
        try FileSystem.writeFileAtomically(lock, [], permissions: 0o644)
        try SecondUser.give(lock)
        let r = try box.run(["run", "a"])
        #expect(r.status != 0)
        #expect(r.err.contains("refusing lock file '\(lock)': it belongs to user id \(SecondUser.uid()!), not to you (0)"), "\(r.err)")
        _ = try box.startDaemon()
        _ = try box.run(["trigger", "a"])
        #expect(box.waitUntil { box.read(box.log).contains("refusing lock file") }, "\(box.read(box.log))")
    }

    /// A lock file of ours with group/other bits (older versions, a umask) is made private before use.
    @Test func anOpenLockFileOfOursIsMadePrivate() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "lockmode")
        defer { try? FileSystem.removeTree(dir) }
        try FileSystem.writeFileAtomically(dir + "/a.lock", [], permissions: 0o644)
        let lock = try FileLock(path: dir + "/a.lock")
        try lock.close()
        #expect(try FileSystem.stat(dir + "/a.lock").permissions == 0o600)
        try FileSystem.makeSymbolicLink(dir + "/b.lock", to: dir + "/a.lock")
        #expect(throws: Errno.self) { try FileLock(path: dir + "/b.lock") }
    }
}
