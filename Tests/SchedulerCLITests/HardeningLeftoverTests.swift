import SystemCalls
import Testing

/// Issue 12 finding 14, the smaller ones: symlinked configs, control characters from files, exported
/// secrets, run numbers across a remove and re-add.
@Suite(.serialized) struct HardeningLeftoverTests {
    static let config = "[jobs.a]\ncommand = \"echo a $SCHEDULER_RUN_ID\"\nevery = \"366d\"\n"

    /// The config as a symbolic link to a file in an app directory.
    func linkedBox() throws -> (CLISandbox, target: String) {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.dir + "/app", permissions: 0o700)
        let target = box.dir + "/app/scheduler.toml"
        try FileSystem.writeFileAtomically(target, Array(Self.config.utf8), permissions: 0o600)
        try FileSystem.unlink(box.config)
        try FileSystem.makeSymbolicLink(box.config, to: target)
        return (box, target)
    }

    /// Before: edit replaced the link with a regular file, and the app's file kept the old content.
    @Test func editKeepsASymlinkedConfigALink() throws {
        let (box, target) = try linkedBox()
        let ed = box.dir + "/editor.sh"
        try FileSystem.writeFileAtomically(ed, Array("#!/bin/sh\nsed -i s/366d/365d/ \"$1\"\n".utf8), permissions: 0o700)
        let r = try box.run(["edit"], env: ["EDITOR": ed])
        #expect(r.status == 0, "\(r.err)")
        #expect(try FileSystem.lstat(box.config).kind == .symbolicLink)
        #expect(box.read(target).contains("every = \"365d\""))
    }

    /// Before: the daemon watched only the link's directory; a save to the file it points to went unseen.
    @Test func theDaemonSeesSavesThroughASymlinkedConfig() throws {
        let (box, target) = try linkedBox()
        _ = try box.startDaemon()
        let changed = Self.config + "[jobs.b]\ncommand = \"true\"\nevery = \"366d\"\n"
        try FileSystem.writeFileAtomically(target, Array(changed.utf8), permissions: 0o600)  // rename in app/
        #expect(box.waitUntil(timeout: 30) { box.read(box.log).contains("(the file changed): 2 job(s)") }, "\(box.read(box.log))")
        // Still watching (the target's directory too) after the first change.
        try FileSystem.writeFileAtomically(target, Array(Self.config.utf8), permissions: 0o600)
        #expect(box.waitUntil(timeout: 30) { box.read(box.log).contains("(the file changed): 1 job(s)") }, "\(box.read(box.log))")
    }

    /// Before: an ESC sequence in the config reached the terminal through `check`, and a NUL cut the line.
    @Test func diagnosticsEscapeControlCharacters() throws {
        let box = try CLISandbox(config: "")
        try box.writeConfig("[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\ntimeout = \"\u{1B}]0;pwned\u{07}x\u{0}y\"\n")
        let r = try box.run(["check"])
        #expect(r.status == 2)
        #expect(!r.err.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(r.err.debugDescription)")
        #expect(r.err.contains("\\e]0;pwned"), "\(r.err)")
    }

    /// Before: a job name with an ESC sequence in the journal was printed raw by `history`.
    @Test func historyEscapesControlCharacters() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.makeDirectories(box.state, permissions: 0o700)
        let line = "{\"job\":\"evil\\u001b[2Jname\",\"run\":1,\"attempt\":1,\"scheduled_at\":\"2026-01-01T00:00:00.000000000+00:00\","
            + "\"started_at\":\"2026-01-01T00:00:00.000000000+00:00\",\"ended_at\":\"2026-01-01T00:00:01.000000000+00:00\","
            + "\"status\":\"succeeded\",\"exit_code\":0,\"signal\":null,\"cpu_seconds\":0.000,\"max_rss_kb\":0,\"duration_seconds\":1.000,\"pid\":1}\n"
        try FileSystem.writeFileAtomically(box.state + "/history.jsonl", Array(line.utf8), permissions: 0o600)
        let r = try box.run(["history"])
        #expect(r.status == 0)
        #expect(!r.out.unicodeScalars.contains { $0 == "\u{1B}" }, "\(r.out.debugDescription)")
        #expect(r.out.contains("evil\\e[2Jname"), "\(r.out)")
    }

    /// Before: units carrying Environment= (tokens, passwords) were written 0644.
    @Test func exportedUnitsWithEnvironmentArePrivate() throws {
        let box = try CLISandbox(config: Self.config + "\n[jobs.b]\ncommand = \"true\"\nevery = \"1h\"\nenv = { TOKEN = \"s3cret\" }\n")
        let out = box.dir + "/units"
        try FileSystem.makeDirectories(out, permissions: 0o755)
        let r = try box.run(["export", "--format", "systemd", "--output", out])
        #expect(r.status == 0, "\(r.err)")
        #expect(box.read(out + "/scheduler-b.service").contains("Environment=\"TOKEN=s3cret\""))
        #expect(try FileSystem.stat(out + "/scheduler-b.service").permissions == 0o600)
        #expect(try FileSystem.stat(out + "/scheduler-a.service").permissions == 0o644)
        #expect(try FileSystem.stat(out + "/scheduler-b.timer").permissions == 0o644)
    }

    /// The man page promises run numbers continue when a job is removed and added back by a reload.
    @Test func runNumbersContinueAfterRemoveAndReAddByReload() throws {
        let box = try CLISandbox(config: Self.config + "[jobs.keep]\ncommand = \"true\"\nevery = \"366d\"\n")
        _ = try box.startDaemon()
        for n in 1...2 {
            #expect(try box.run(["trigger", "a"]).out == "a.\(n)\n")
            #expect(box.waitUntil { box.read(box.log).contains("app[a.\(n)]: a a.\(n)") })
        }
        try box.writeConfig("[jobs.keep]\ncommand = \"true\"\nevery = \"366d\"\n")
        #expect(try box.run(["reload"]).status == 0)
        #expect(box.waitUntil { box.read(box.log).contains("scheduler[a]: Removed from the config") })
        try box.writeConfig(Self.config + "[jobs.keep]\ncommand = \"true\"\nevery = \"366d\"\n")
        #expect(try box.run(["reload"]).status == 0)
        #expect(try box.run(["trigger", "a"]).out == "a.3\n")
    }
}
