import SystemCalls
import Testing

/// Issue 12 findings 9 and 10 with the real daemon (the unit tests cover LogWriter and the hook's environment).
@Suite(.serialized) struct DaemonRecoveryTests {
    /// Before: the daemon wrote on into the deleted file; `logs` showed nothing and nothing was reported.
    @Test func aLogDirectoryDeletedUnderTheDaemonIsRecreatedAndReported() throws {
        let box = try CLISandbox(config: "[jobs.tick]\ncommand = \"echo tick $SCHEDULER_RUN_ID\"\nevery = \"1s\"\n")
        _ = try box.startDaemon()
        #expect(box.waitUntil { box.read(box.log).contains("app[tick.2]: tick") })
        try FileSystem.removeTree(box.state + "/logs")
        #expect(box.waitUntil { box.read(box.log).contains("was deleted (or its directory); reopened it") }, "\(box.read(box.log))")
        #expect(box.waitUntil { box.read(box.log).contains("app[tick.") && box.read(box.log).contains(": tick ") })
        let logs = try box.run(["logs", "-n", "50"])
        #expect(logs.status == 0 && logs.out.contains("app[tick."), "\(logs.out)\(logs.err)")
    }

    /// Before: 20 output lines of 8 KiB in SCHEDULER_OUTPUT passed Linux's 128 KiB per-string limit and
    /// the hook failed with E2BIG. Now the hook runs with the last 16 KiB and a note naming the full log.
    @Test func aHookAfterLongOutputLinesRuns() throws {
        let box = try CLISandbox(config: "")
        try box.writeConfig("""
            [jobs.wide]
            command = "for i in $(seq 20); do head -c 8192 /dev/zero | tr '\\\\0' x; echo; done; exit 1"
            every = "366d"
            on_failure = "printf '%s' \\"$SCHEDULER_OUTPUT\\" | wc -c > '\(box.dir)/hook.out'"
            """)
        _ = try box.startDaemon()
        #expect(try box.run(["trigger", "wide"]).status == 0)
        #expect(box.waitUntil { !box.read(box.dir + "/hook.out").isEmpty }, "\(box.read(box.log))")
        let size = Int(String(box.read(box.dir + "/hook.out").filter(\.isNumber))) ?? 0
        #expect(size > 8192 && size <= 17 * 1024, "\(size)")
        #expect(!box.read(box.log).contains("E2BIG") && !box.read(box.log).contains("Argument list too long"))
    }
}
