#if canImport(Glibc)
import Glibc
#endif
import SystemCalls
import Testing

/// Issue 12 findings 6 and 14 (timer slack): what the daemon's process and its jobs start with.
@Suite(.serialized) struct DaemonLimitsTests {
    /// Before: the soft RLIMIT_NOFILE stayed at systemd's 1024 and 700 jobs due at once failed from the 201st.
    @Test(.enabled(if: FileSystem.exists("/usr/bin/prlimit")))
    func theDaemonRaisesItsSoftFileLimitToTheHardOne() throws {
        let box = try CLISandbox(config: "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n")
        let pid = try box.start(["daemon"], name: "daemon-0", wrapper: ["/usr/bin/prlimit", "--nofile=256:4096", "--"])
        #expect(box.waitUntil { box.read(box.log).contains("Raised the open-file limit from 256 to 4096") }, "\(box.read(box.log))")
        let limits = box.read("/proc/\(pid)/limits").split(separator: "\n").first { $0.hasPrefix("Max open files") } ?? ""
        #expect(limits.split(separator: " ").contains("4096") && !limits.contains(" 256 "), "\(limits)")
    }

    /// Before: jobs inherited the daemon's 1 µs timer slack.
    @Test func jobsRunWithTheDefaultTimerSlack() throws {
        let box = try CLISandbox(config: "[jobs.a]\ncommand = \"cat /proc/self/timerslack_ns\"\nevery = \"1h\"\n")
        _ = try box.startDaemon()
        #expect(try box.run(["trigger", "a"]).status == 0)
        #expect(box.waitUntil { box.read(box.log).contains("app[a.1]: ") }, "\(box.read(box.log))")
        #expect(box.read(box.log).contains("app[a.1]: 50000"), "\(box.read(box.log))")
    }
}
