import SystemCalls
import Testing

/// `scheduler run JOB`: real jobs under /bin/sh, no daemon unless a test starts one.
@Suite(.serialized) struct RunCommandTests {
    static let config = """
    [jobs.greet]
    command = "echo hello $SCHEDULER_RUN_ID from $(pwd); echo oops >&2; exit 3"
    every = "1h"
    directory = "/tmp"
    env = { GREETING = "hi" }

    [jobs.args]
    exec = ["/bin/sh", "-c", "echo \\"$GREETING:$#:$1:$2\\"", "sh"]
    every = "1h"
    env = { GREETING = "args" }

    [jobs.positional]
    command = "echo \\"$0:$#:$1:$2\\" # a comment; arguments pasted after it were lost"
    every = "1h"

    [jobs.selfkill]
    command = "kill -TERM $$"
    every = "1h"

    [jobs.trap]
    command = "trap 'echo got INT; exit 7' INT; echo ready; while true; do sleep 0.05; done"
    every = "1h"

    [jobs.slow]
    command = "echo started; sleep 30"
    every = "1h"
    timeout = "1s"
    kill_grace = "1s"

    [jobs.hold]
    command = "echo holding; until [ -e \\"$1\\" ]; do sleep 0.05; done"
    every = "1h"
    """

    @Test func exitStatusOutputLogAndHistory() throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(["run", "greet"])
        #expect(r.status == 3)
        #expect(r.out == "hello greet.1 from /tmp\n")
        #expect(r.err == "oops\n")
        let log = box.read(box.log)
        #expect(log.contains("app[greet.1]: hello greet.1 from /tmp"))
        #expect(log.contains("app[greet.1]: oops"))
        #expect(log.contains("scheduler[greet.1]: Process exited with status 3"))
        let h = try box.run(["history", "--json"])
        #expect(h.out.contains("\"job\":\"greet\",\"run\":1,") && h.out.contains("\"status\":\"failed\",\"exit_code\":3"))
        // The next run takes the next number.
        #expect(try box.run(["run", "greet"]).out.hasPrefix("hello greet.2 "))
    }

    @Test func argumentsAfterDashDashAreAppended() throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(["run", "args", "--", "a b", "c"])
        #expect(r.status == 0)
        #expect(r.out == "args:2:a b:c\n")
    }

    /// Before: ARGS were pasted after the command line, into its `#` comment (or after a `&`).
    @Test func argumentsReachAShellCommandAsItsPositionalParameters() throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(["run", "positional", "--", "a b", "c;d"])
        #expect(r.status == 0)
        #expect(r.out == "positional:2:a b:c;d\n", "\(r.out)")
        #expect(box.read(box.log).contains("with command `echo \"$0:$#:$1:$2\" # a comment; arguments pasted after it were lost -- 'a b' 'c;d'`"))
    }

    @Test func signalDeathExitsWith128PlusSignal() throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(["run", "selfkill"])
        #expect(r.status == 128 + 15)
        #expect(try box.run(["history", "--json"]).out.contains("\"status\":\"killed\""))
    }

    @Test(arguments: [Signal.int, .term])
    func signalsAreForwardedToTheJob(_ signal: Signal) throws {
        let box = try CLISandbox(config: Self.config)
        let pid = try box.start(["run", "trap"], name: "trap")
        #expect(box.waitUntil { box.read(box.log).contains("app[trap.1]: ready") })
        try Signals.send(signal, to: pid)
        let r = box.finish(pid, name: "trap")
        if signal == .int {
            #expect(r.status == 7)
            #expect(r.out == "ready\ngot INT\n")
        } else {
            #expect(r.status == 128 + 15)  // the shell dies of SIGTERM while in its loop
        }
        #expect(try box.run(["ps"]).out == "No job is running.\n")
    }

    @Test func timeoutStopsTheJobAndIsRecorded() throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(["run", "slow"])
        #expect(r.status == 128 + 15)
        #expect(r.err.contains("Timed out after 1s"))
        #expect(try box.run(["history", "--json"]).out.contains("\"status\":\"timed_out\""))
    }

    /// `hold PATH` holds the job's lock until PATH exists: the test releases it, however slow the machine.
    @Test func heldLockRefusesWaitsOrIsBypassed() throws {
        let box = try CLISandbox(config: Self.config)
        let release = box.dir + "/release"
        let first = try box.start(["run", "hold", "--", release], name: "first")
        #expect(box.waitUntil { box.read(box.log).contains("app[hold.1]: holding") })
        let refused = try box.run(["run", "hold", "--", "/"])
        #expect(refused.status == 1)
        #expect(refused.err.contains("hold is already running: hold.1 (pid "))
        #expect(refused.err.contains("up since "))
        let bypass = try box.run(["run", "--no-lock", "hold", "--", "/"])
        #expect(bypass.status == 0 && bypass.out == "holding\n")
        let waiter = try box.start(["run", "--wait", "hold", "--", "/"], name: "waiter")
        #expect(box.waitUntil { box.read(box.dir + "/waiter.err").contains("waiting for hold to finish") })
        #expect(box.read(box.dir + "/waiter.out").isEmpty)  // still waiting: the lock is held
        try FileSystem.writeFileAtomically(release, [], permissions: 0o600)
        #expect(box.finish(first, name: "first").status == 0)
        let waited = box.finish(waiter, name: "waiter")
        #expect(waited.status == 0 && waited.out == "holding\n")
    }

    @Test func unknownJobAndBadUsage() throws {
        let box = try CLISandbox(config: Self.config)
        let r = try box.run(["run", "gret"])
        #expect(r.status == 2)
        #expect(r.err.contains("no job named 'gret'") && r.err.contains("did you mean 'greet'?"))
        #expect(try box.run(["run"]).status == 2)
        #expect(try box.run(["run", "--wait", "--no-lock", "greet"]).status == 2)
        #expect(try box.run(["run", "--help"]).out.contains("Usage: scheduler run JOB"))
    }
}

/// `shell = ["/bin/bash", "-l"]`: the arguments go before `-c LINE`, for the job and for its hooks.
@Suite struct ShellArgumentsRunTests {
    @Test func loginShellAndOptions() throws {
        let box = try CLISandbox(config: """
        [jobs.login]
        command = "shopt -q login_shell && echo login shell"
        shell = ["/bin/bash", "-l"]
        every = "1h"

        [jobs.strict]
        command = "false; echo not reached"
        shell = ["/bin/sh", "-e"]
        every = "1h"
        """)
        let login = try box.run(["run", "login"])
        #expect(login.status == 0 && login.out.contains("login shell"), "\(login.out)\(login.err)")
        let strict = try box.run(["run", "strict"])
        #expect(strict.status == 1 && !strict.out.contains("not reached"), "\(strict.out)\(strict.err)")
    }
}
