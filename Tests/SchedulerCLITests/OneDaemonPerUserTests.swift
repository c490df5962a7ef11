import SystemCalls
import Testing

/// Issue 12 finding 11: a second daemon of the same user is refused whatever its config (before, two apps'
/// daemons shared locks, run numbers and history by job name), naming the running one and the way out.
@Suite(.serialized) struct OneDaemonPerUserTests {
    @Test func aSecondDaemonWithAnotherConfigIsRefused() throws {
        let box = try CLISandbox(config: "[jobs.backup]\ncommand = \"true\"\nevery = \"1h\"\n")
        let first = try box.startDaemon()
        let other = box.dir + "/config/scheduler/blog.toml"
        try FileSystem.writeFileAtomically(other, Array("[jobs.backup]\ncommand = \"true\"\nevery = \"1h\"\n".utf8), permissions: 0o600)
        let r = try box.run(["daemon", "--config", other], timeout: 10)
        #expect(r.status == 1)
        let config = try FileSystem.realPath(box.config)
        #expect(r.err.contains("another scheduler daemon (pid \(first)) is already running for this user, with config \(config)"), "\(r.err)")
        #expect(r.err.contains(#"[jobs."shop.cleanup"]"#))
        // The same config still gets the short message.
        let same = try box.run(["daemon"], timeout: 10)
        #expect(same.status == 1 && same.err.contains("another scheduler daemon (pid \(first)) is already running \(config)"), "\(same.err)")
    }
}
