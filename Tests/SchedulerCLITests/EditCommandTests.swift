import SystemCalls
import Testing

/// `scheduler edit` driven by scripted editors, and `scheduler cat`.
@Suite(.serialized) struct EditCommandTests {
    static let config = "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n"

    /// Writes an executable editor script; it gets the temporary file as $1.
    func editor(_ box: CLISandbox, _ body: String) throws -> String {
        let path = box.dir + "/editor-\(UInt32.random(in: 0...UInt32.max)).sh"
        try FileSystem.writeFileAtomically(path, Array("#!/bin/sh\n\(body)\n".utf8), permissions: 0o700)
        return path
    }

    func input(_ box: CLISandbox, _ text: String) throws -> String {
        let path = box.dir + "/answers"
        try FileSystem.writeFileAtomically(path, Array(text.utf8), permissions: 0o600)
        return path
    }

    @Test func validEditIsInstalledKeepingTheMode() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.changeMode(box.config, to: 0o640)
        let ed = try editor(box, "printf '\\n[jobs.b]\\ncommand = \"echo b\"\\nevery = \"2h\"\\n' >> \"$1\"")
        let r = try box.run(["edit"], env: ["EDITOR": ed])
        #expect(r.status == 0)
        #expect(r.out.contains("Installed") && r.out.contains("2 jobs") && r.out.contains("No daemon is running"))
        #expect(box.read(box.config) == Self.config + "\n[jobs.b]\ncommand = \"echo b\"\nevery = \"2h\"\n")
        #expect(try FileSystem.stat(box.config).permissions == 0o640)
        #expect(try box.run(["cat"]).out == box.read(box.config))
    }

    @Test func visualWinsOverEditorAndNoChangeIsSaid() throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(["edit"], env: ["VISUAL": "true", "EDITOR": "false"])
        #expect(r.status == 0 && r.out == "No changes.\n")
        let failed = try box.run(["edit"], env: ["EDITOR": "false"])
        #expect(failed.status == 1 && failed.err.contains("unchanged"))
    }

    @Test func errorsAreShownThenDiscarded() throws {
        let box = try CLISandbox(config: Self.config)
        let ed = try editor(box, "echo 'evry = \"1h\"' >> \"$1\"")
        let r = try box.run(["edit"], input: try input(box, "n\n"), env: ["EDITOR": ed])
        #expect(r.status == 2)
        #expect(r.err.contains("scheduler.toml:4:") && r.err.contains("Edit again?") && r.err.contains("discarded"))
        #expect(box.read(box.config) == Self.config)
    }

    @Test func errorsThenEditAgainAndFix() throws {
        let box = try CLISandbox(config: Self.config)
        // First call breaks the file, the second repairs it (the copy keeps the first edit).
        let ed = try editor(box, """
            if [ -f "$1.once" ]; then sed -i 's/^evry/every/' "$1"; else touch "$1.once"; printf '[jobs.b]\\ncommand = "x"\\nevry = "1h"\\n' >> "$1"; fi
            """)
        let r = try box.run(["edit"], input: try input(box, "y\n"), env: ["EDITOR": ed])
        #expect(r.status == 0)
        #expect(r.out.contains("Installed"))
        #expect(box.read(box.config).hasSuffix("[jobs.b]\ncommand = \"x\"\nevery = \"1h\"\n"))
    }

    @Test func editTellsARunningDaemonToReload() throws {
        let box = try CLISandbox(config: Self.config)
        _ = try box.startDaemon()
        let ed = try editor(box, "printf '\\n[jobs.c]\\ncommand = \"echo c\"\\nevery = \"366d\"\\n' >> \"$1\"")  // not due in the test
        let r = try box.run(["edit"], env: ["EDITOR": ed])
        #expect(r.status == 0 && r.out.contains("Reloaded"))
        #expect(try box.run(["trigger", "c"]).out == "c.1\n")
    }

    @Test func catWithoutConfig() throws {
        let box = try CLISandbox(config: Self.config)
        try FileSystem.unlink(box.config)
        let r = try box.run(["cat"])
        #expect(r.status == 1 && r.err.contains("scheduler edit"))
    }

    /// Issue 13: the question takes y/yes/n/no only and asks again after anything else.
    @Test func theQuestionAcceptsOnlyYesOrNo() throws {
        let box = try CLISandbox(config: Self.config)
        let ed = try editor(box, "echo 'evry = \"1h\"' >> \"$1\"")
        let r = try box.run(["edit"], input: try input(box, "maybe\nnope\n  NO \n"), env: ["EDITOR": ed])
        #expect(r.status == 2)
        #expect(r.err.ranges(of: "Edit again? [Y/n]").count == 3, "\(r.err)")  // asked three times
        #expect(r.err.ranges(of: "Please answer y (yes) or n (no).").count == 2)
        #expect(box.read(box.config) == Self.config)
    }

    /// Issue 13: SIGTERM while the editor runs reaches the editor, removes the temporary copy, exits 143.
    @Test func sigtermRemovesTheTemporaryCopy() throws {
        let box = try CLISandbox(config: Self.config)
        let ed = try editor(box, "echo \"$1\" > '\(box.dir)/temp-path'; exec sleep 3024")
        let pid = try box.start(["edit"], name: "edit", env: ["EDITOR": ed])
        #expect(box.waitUntil { !box.read(box.dir + "/temp-path").isEmpty })
        let temp = String(box.read(box.dir + "/temp-path").dropLast())
        #expect(FileSystem.exists(temp))
        try Signals.send(.term, to: pid)
        let r = box.finish(pid, name: "edit")
        #expect(r.status == 143, "\(r.err)")
        #expect(r.err.contains("SIGTERM received") && !FileSystem.exists(temp) && !FileSystem.exists(FileSystem.parentDirectory(of: temp)))
        #expect(box.read(box.config) == Self.config)
    }
}
