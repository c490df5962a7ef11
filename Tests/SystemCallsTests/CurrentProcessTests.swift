#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite struct CurrentProcessTests {
    @Test func idsMatchLibc() throws {
        #expect(CurrentProcess.id == getpid())
        #expect(CurrentProcess.parentID == getppid())
        #expect(CurrentProcess.userID == getuid())
        #expect(CurrentProcess.effectiveUserID == geteuid())
        #expect(try CurrentProcess.sessionID() == getsid(0))
        #expect(try CurrentProcess.processGroup() == getpgrp())
    }

    @Test func accountOfCurrentUser() throws {
        let me = try #require(try CurrentProcess.account())
        #expect(me.userID == getuid())
        #expect(!me.name.isEmpty)
        #expect(me.homeDirectory.hasPrefix("/"))
        #expect(try CurrentProcess.account(0)?.name == "root")
        #expect(try CurrentProcess.account(4_000_000_000) == nil)
    }

    @Test func hostnameIsNonEmpty() throws {
        #expect(try !CurrentProcess.hostname().isEmpty)
    }

    @Test func environmentMatchesGetenv() {
        let env = CurrentProcess.environment()
        #expect(env["PATH"] != nil)
        #expect(env["PATH"] == CurrentProcess.environmentValue("PATH"))
        #expect(CurrentProcess.environmentValue("SURELY_NOT_SET_XYZ") == nil)
    }

    @Test func umaskReadsWithoutChanging() {
        let mask = CurrentProcess.currentUmask()
        #expect(CurrentProcess.setUmask(mask) == mask)  // setting the same value: no window for other tests
    }

    #if os(Linux)
    /// In a child process of its own: MemoryTests resets the peak of the process it runs in.
    @Test func residentSetSizeIsPlausible() throws {
        guard try isolatedInChild("CurrentProcessTests/residentSetSizeIsPlausible") else { return }
        let rss = try #require(CurrentProcess.residentSetKiB())
        let peak = try #require(CurrentProcess.peakResidentSetKiB())
        #expect(rss > 1000 && rss < 10_000_000)
        #expect(peak > 1000 && peak < 10_000_000)
        // Peak ≥ current holds within one read of /proc/self/status only: the kernel's RSS counters are
        // per-CPU sums, so two reads may see the current size a few pages apart.
        let status = String(decoding: try FileSystem.readFile("/proc/self/status"), as: UTF8.self)
        func kiB(_ name: String) -> Int64? {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { Int64($0.dropFirst(name.count + 1).split { $0 == " " || $0 == "\t" }.first ?? "") }
        }
        #expect(try #require(kiB("VmHWM")) >= #require(kiB("VmRSS")))
    }
    #endif
}

#if os(Linux)
@Suite(.serialized) struct ProcessDescriptorTests {
    @Test func pidfdBecomesReadableWhenChildExits() throws {
        let (child, release) = try blockedShell()
        let pidfd = try ProcessDescriptor(pid: child.pid)
        defer { try? pidfd.close() }
        #expect(try !pidfd.hasExited())
        try release.close()
        #expect(try Poll.wait([(pidfd.descriptor, .readable)], timeout: hangBound) == [.readable])
        #expect(try child.wait().status == .exited(code: 1))
    }
}
#endif
