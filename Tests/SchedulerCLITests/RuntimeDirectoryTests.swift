import SystemCalls
import Testing

/// Issue 12 finding 8: `$XDG_RUNTIME_DIR` removed under a running daemon (logind at logout without
/// lingering). Before: the control socket was gone for good and clients said "no daemon is running".
@Suite(.serialized) struct RuntimeDirectoryTests {
    static let config = "[jobs.a]\ncommand = \"echo a $SCHEDULER_RUN_ID\"\nevery = \"366d\"\n"

    /// Triggers `a` and waits until run `n` is recorded as succeeded (it took the job's lock).
    func triggerAndWait(_ box: CLISandbox, _ n: Int) throws {
        let r = try box.run(["trigger", "a"])
        #expect(r.status == 0 && r.out == "a.\(n)\n", "\(r.out)\(r.err)")
        #expect(box.waitUntil { box.read(box.state + "/history.jsonl").contains("\"job\":\"a\",\"run\":\(n),\"attempt\":1") })
        #expect(!box.read(box.state + "/history.jsonl").contains("\"failed\""))
    }

    @Test func theDaemonMovesToTheStateDirectoryWhenXDGRuntimeDirGoes() throws {
        let box = try CLISandbox(config: Self.config)
        _ = try box.startDaemon()
        try triggerAndWait(box, 1)
        try FileSystem.removeTree(box.dir + "/run")
        // The next step notices; a trigger is what wakes it here (and must reach it).
        #expect(box.waitUntil {
            (try? box.run(["trigger", "a"]))?.status == 0
        }, "\(box.read(box.log))")
        #expect(box.read(box.log).contains("does not exist (a logout without lingering?): locks and the control socket are now in \(box.state)/run"),
                "\(box.read(box.log))")
        #expect(box.waitUntil { FileSystem.exists(box.state + "/run/locks/a.lock") })
        #expect(box.waitUntil { box.read(box.state + "/history.jsonl").contains("\"run\":2,") })
        // logind makes the directory again at the next login: clients still find the daemon where it went.
        try FileSystem.makeDirectories(box.dir + "/run", permissions: 0o700)
        try triggerAndWait(box, 3)
        #expect(try box.run(["status"]).status == 0)
    }

    @Test func aRemovedSchedulerRuntimeDirectoryIsRecreated() throws {
        let box = try CLISandbox(config: Self.config)
        _ = try box.startDaemon()
        try FileSystem.removeTree(box.runtime)
        #expect(box.waitUntil { (try? box.run(["trigger", "a"]))?.status == 0 }, "\(box.read(box.log))")
        #expect(box.read(box.log).contains("The runtime directory \(box.runtime) was removed; recreated it"), "\(box.read(box.log))")
        #expect(box.waitUntil { ((try? FileSystem.listDirectory(box.runtime)) ?? []).contains { $0.hasSuffix(".sock") } })
    }
}
