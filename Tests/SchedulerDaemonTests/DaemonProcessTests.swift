#if canImport(Glibc)
import Glibc
#endif
import SchedulerCore
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// `scheduler daemon` as a real process: spawns, locks, signals, files. Serialized: they spawn and lock.
@Suite(.serialized) struct DaemonProcessTests {
    @Test func timedOutJobLeavesNoProcessBehind() throws {
        let box = try DaemonSandbox(config: """
            [jobs.stuck]
            command = "sleep 3017 & sh -c 'trap \\"\\" TERM; sleep 3018' & trap '' TERM; sleep 3019; wait"
            every = "1s"
            timeout = "1s"
            kill_grace = "1s"
            """)
        let pid = try box.startDaemon()
        #expect(box.wait { box.records.contains { $0.status == .timedOut } })
        #expect(try box.stop(pid) == .exited(code: 0))
        for marker in ["sleep 3017", "sleep 3018", "sleep 3019"] {
            #expect(box.wait { box.processes(matching: marker).isEmpty }, "\(marker) survived")
        }
        #expect(box.log.contains("Timed out after 1s: sending SIGTERM to the process group"))
        #expect(box.log.contains("sending SIGKILL"))
    }

    @Test func restartAfterKill9DoesNotStartASecondCopy() throws {
        // A marker of this test process's own: other checkouts on the machine may run this test at the same time.
        let marker = "sleep \(3_000_000 + CurrentProcess.id % 1_000_000)"
        let box = try DaemonSandbox(config: """
            [daemon]
            shutdown_grace = "1s"
            [jobs.long]
            command = "exec \(marker)"
            every = "1s"
            """)
        let first = try box.startDaemon("first")
        #expect(box.wait { box.processes(matching: marker).count == 1 && box.knowsRunning("long", run: 1) })
        _ = try box.stop(first, .kill)
        let second = try box.startDaemon("second")
        #expect(box.wait { box.log.ranges(of: "the job's lock is held").count >= 2 })  // skips, written as one stretch later
        #expect(box.processes(matching: marker).count == 1)
        #expect(box.log.contains("the job's lock is held"))
        #expect(box.log.contains("scheduler[long.1]: Started by a previous daemon"))
        #expect(!box.records.contains { $0.run == 1 })  // still running: not recorded yet
        // The orphan ends: it is recorded (status unknown), and the next slot runs again under the new daemon.
        let orphans = box.processes(matching: marker)
        for p in orphans { try? Signals.send(.kill, to: p) }
        #expect(box.wait { box.processes(matching: marker).filter { !orphans.contains($0) }.count == 1 })
        #expect(box.wait { box.records.contains { $0.run == 1 } })
        #expect(try box.stop(second) == .exited(code: 0))
        let (records, warnings) = try Journal.readAll(path: box.paths.journal)
        #expect(warnings.isEmpty)
        let summary = "\(records.map { "\($0.run) \($0.status)" })"
        #expect(records.filter { $0.run == 1 }.map(\.status) == [.unknown], "\(summary)")
        #expect(records.first { $0.run == 1 }?.pid == orphans.first, "\(summary)")
        let runs = records.filter { !$0.isSkipStretch }.map(\.run)
        #expect(Set(runs).count == runs.count, "\(summary)")  // numbers continue across restarts, never reused
        #expect(records.first { $0.isSkipStretch }.map { $0.count! >= 2 && $0.run == 0 } == true, "\(summary)")  // the skips while the orphan ran
        #expect(records.filter { $0.status != .skipped && $0.run != 1 }.count >= 1, "\(summary)")
        for p in box.processes(matching: marker) { try? Signals.send(.kill, to: p) }
    }

    @Test func runOfAKilledDaemonThatEndedBeforeTheRestartIsRecordedOnce() throws {
        let marker = "sleep \(4_000_000 + CurrentProcess.id % 1_000_000)"
        // 366d: no slot falls in the test (1h would on the hour), only the catch-up.
        let box = try DaemonSandbox(config: "[jobs.long]\ncommand = \"exec \(marker)\"\nevery = \"366d\"\ncatch_up = true\n")
        try FileSystem.makeDirectories(box.dir + "/state/scheduler", permissions: 0o700)
        // An earlier run makes catch-up due at start.
        let old = JournalRecord(job: "long", run: 7, attempt: 1, scheduledAt: Instant(seconds: 1_000), startedAt: Instant(seconds: 1_000),
                                endedAt: Instant(seconds: 1_001), status: .succeeded)
        try Journal(path: box.paths.journal, zone: .utc).append(contentsOf: [old])
        let first = try box.startDaemon("first")
        #expect(box.wait { box.processes(matching: marker).count == 1 && box.knowsRunning("long", run: 8) })
        _ = try box.stop(first, .kill)
        for p in box.processes(matching: marker) { try? Signals.send(.kill, to: p) }
        #expect(box.wait { box.processes(matching: marker).isEmpty })
        let second = try box.startDaemon("second")
        #expect(box.wait { box.records.contains { $0.run == 8 } })
        #expect(try box.stop(second) == .exited(code: 0))
        let records = box.records
        #expect(records.map(\.run) == [7, 8], "\(records.map { "\($0.run) \($0.status) \($0.scheduledAt.seconds) \($0.startedAt.seconds)" })")  // run 8 recorded once; catch-up does not run it again
        #expect(records.last?.status == .unknown)
        #expect(box.processes(matching: marker).isEmpty)
        #expect(box.log.contains("scheduler[long.8]: Process ended; exit status unknown"))
    }

    @Test func secondDaemonOnTheSameConfigExits1NamingThePid() throws {
        let box = try DaemonSandbox(config: "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n")
        let first = try box.startDaemon("first")
        #expect(box.wait { box.log.contains("Starting with 1 job(s)") })
        let second = try box.startDaemon("second")
        let t = try Child.wait(second)
        box.started.removeAll { $0 == second }
        #expect(t.status == .exited(code: 1))
        #expect(box.read("second.err").contains("another scheduler daemon (pid \(first)) is already running"))
        #expect(try box.stop(first, .int) == .exited(code: 0))
    }

    @Test func outputFloodKeepsMemoryBoundedAndSplitsLongLines() throws {
        let box = try DaemonSandbox(config: "")
        // Floods once (a marker file), so the log holds one flood however late the test stops the daemon.
        try box.write(config: """
            [daemon]
            log_max_size = "100MB"
            [jobs.flood]
            command = "[ -e '\(box.dir)/flooded' ] && exit; touch '\(box.dir)/flooded'; head -c 20000000 /dev/zero | tr '\\\\0' x; echo; yes 'short line' | head -n 200000"
            every = "1s"
            """)
        let pid = try box.startDaemon()
        #expect(box.wait { box.records.contains { $0.job == "flood" } })
        let rss = peakRSS(pid) ?? 0
        #expect(try box.stop(pid) == .exited(code: 0))
        #expect(rss > 0 && rss < 80_000, "daemon peak RSS \(rss) KiB")
        let lines = box.log.split(separator: "\n")
        let long = lines.filter { $0.contains("app[flood.1]: xxxx") }
        #expect(long.count == 20_000_000 / 8192 + 1)
        #expect(long.allSatisfy { $0.hasSuffix(String(repeating: "x", count: 100)) })
        #expect(lines.filter { $0.hasSuffix("app[flood.1]: short line") }.count == 200_000)
    }

    @Test func unwritableLogDirIsReportedOnceAndJobsStillRun() throws {
        let box = try DaemonSandbox(config: "[jobs.tick]\ncommand = \"echo tick\"\nevery = \"1s\"\n")
        try FileSystem.makeDirectories(box.dir + "/state/scheduler", permissions: 0o700)
        try FileSystem.writeFileAtomically(box.paths.logDirectory, Array("not a dir".utf8))
        let pid = try box.startDaemon()
        #expect(box.wait { box.records.filter { $0.job == "tick" }.count >= 3 })
        #expect(try box.stop(pid) == .exited(code: 0))
        let err = box.read("daemon.err")
        #expect(err.split(separator: "\n").filter { $0.contains("Can't write the log file") }.count == 1)
        #expect(err.contains("app[tick.1]: tick"))
    }

    /// A 1 MB tmpfs for the log directory, in a private mount namespace (root only: CI runs as root).
    @Test(.enabled(if: getuid() == 0 && FileSystem.exists("/usr/bin/unshare")))
    func fullLogFilesystemIsReportedAndJobsKeepRunning() throws {
        let box = try DaemonSandbox(config: "[jobs.chatty]\ncommand = \"yes 0123456789 | head -c 400000\"\nevery = \"1s\"\n")
        let logs = box.paths.logDirectory
        try FileSystem.makeDirectories(logs, permissions: 0o700)
        let mount = "mount -t tmpfs -o size=1m,mode=0700 tmpfs '\(logs)' && exec \"$0\" \"$@\""
        let pid = try box.startDaemon(wrapper: ["/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh", "-c", mount])
        #expect(box.wait { box.records.filter { $0.job == "chatty" && $0.status == .succeeded }.count >= 5 })
        #expect(try box.stop(pid) == .exited(code: 0))
        let err = box.read("daemon.err")
        #expect(err.contains("No space left on device"), "\(err.suffix(500))")
        #expect(err.split(separator: "\n").filter { $0.contains("Can't write the log file") }.count == 1)
        // Output that no longer fit in the log went to stderr instead of being lost.
        #expect(err.contains("app[chatty.5]: 0123456789"))
    }

    @Test func jobOutputSkipsAStderrFileUnlessAsked() throws {
        for (setting, copied) in [("", false), ("output_to_stderr = true\n", true)] {
            let box = try DaemonSandbox(config: "[daemon]\n\(setting)[jobs.tick]\ncommand = \"echo tick\"\nevery = \"1s\"\n")
            let pid = try box.startDaemon()
            #expect(box.wait { box.log.contains("app[tick.1]: tick") })
            #expect(try box.stop(pid) == .exited(code: 0))
            let err = box.read("daemon.err")
            #expect(err.contains("scheduler[tick.1]: Process exited with status 0"))
            #expect(err.contains("app[tick.1]: tick") == copied, "setting: \(setting)")
        }
    }

    @Test func reloadsOnSaveAndKeepsTheOldConfigWhenTheNewOneIsBad() throws {
        let box = try DaemonSandbox(config: "[jobs.a]\ncommand = \"echo a\"\nevery = \"1h\"\n")
        let pid = try box.startDaemon()
        #expect(box.wait { box.log.contains("Starting with 1 job(s)") })
        try box.write(config: "[jobs.a]\ncommand = \"echo a\"\nevery = \"1h\"\n[jobs.b]\ncommand = \"echo b\"\nevery = \"1s\"\n")
        #expect(box.wait { box.log.contains("app[b.1]: b") })
        try box.write(config: "[jobs.a]\ncommand = \"echo a\"\nevry = \"1h\"\n")
        #expect(box.wait { box.log.contains("Config not reloaded") })
        let before = box.records.filter { $0.job == "b" }.count
        #expect(box.wait { box.records.filter { $0.job == "b" }.count > before })  // b still runs
        #expect(try box.stop(pid) == .exited(code: 0))
    }

    @Test func speaksTheSystemdNotifyProtocol() throws {
        let box = try DaemonSandbox(config: "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n")
        let socket = try UnixSocket.bindDatagram(at: box.dir + "/notify")
        defer { try? socket.close() }
        try socket.setNonblocking(true)
        var got: [String] = []
        func receive() {
            while let d = try? socket.read(upTo: 4096), !d.isEmpty { got.append(String(decoding: d, as: UTF8.self)) }
        }
        let pid = try box.startDaemon(extraEnv: ["NOTIFY_SOCKET": box.dir + "/notify", "WATCHDOG_USEC": "2000000"])
        #expect(box.wait { receive(); return got.contains("READY=1") && got.contains("WATCHDOG=1") })
        #expect(got.contains { $0.hasPrefix("STATUS=Next: a at ") })
        try Signals.send(.hup, to: pid)
        #expect(box.wait { receive(); return got.contains { $0.hasPrefix("RELOADING=1") } })
        #expect(box.wait { receive(); return got.filter { $0 == "WATCHDOG=1" }.count >= 2 })  // every second
        #expect(try box.stop(pid) == .exited(code: 0))
        receive()
        #expect(got.last == "STOPPING=1")
    }
}
