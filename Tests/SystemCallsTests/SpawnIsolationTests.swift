#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

/// What a job inherits from the daemon: descriptors, session, process group, signal state.
@Suite(.serialized) struct SpawnIsolationTests {
    #if os(Linux)
    @Test func onlyStandardStreamsAndTheInheritedLockLeak() throws {
        try withTemporaryDirectory { dir in
            let lock = try FileLock(path: "\(dir)/job.lock")
            defer { try? lock.close() }
            // Deliberately leak-prone descriptors in the parent: one not close-on-exec at all.
            let open = try FileDescriptor.open("\(dir)/other", .writeOnly, options: [.create])
            defer { try? open.close() }
            try open.setCloseOnExec(false)
            let r = try runShell("ls -l /proc/self/fd") { $0.inheritedDescriptors = [3: lock.descriptor] }
            // "lrwx------ 1 u g 64 Nov 29 00:42 3 -> /tmp/x/job.lock"; `ls` lists its own /proc/N/fd too.
            var seen: [Int32: String] = [:]
            for line in r.output.split(separator: "\n") {
                let parts = line.split(separator: " -> ", maxSplits: 1)
                guard parts.count == 2, let fd = parts[0].split(separator: " ").last.flatMap({ Int32($0) }) else { continue }
                if !(parts[1].hasPrefix("/proc/") && parts[1].hasSuffix("/fd")) { seen[fd] = String(parts[1]) }
            }
            #expect(Set(seen.keys) == [0, 1, 2, 3])
            #expect(seen[0] == "/dev/null")
            #expect(seen[3] == "\(dir)/job.lock")
        }
    }

    @Test func gapsBelowAnInheritedNumberAreClosed() throws {
        let (r, w) = try FileDescriptor.pipe()
        defer { try? r.close(); try? w.close() }
        // Parent descriptors 3 and 4 exist here (lots are open in a test runner) and are not close-on-exec.
        let extra = try r.duplicate(atLeast: 3)
        defer { try? extra.close() }
        try extra.setCloseOnExec(false)
        let result = try runShell("for fd in 3 4 5 6 7 8 9; do [ -e /proc/self/fd/$fd ] && printf '%s ' $fd; done; echo") {
            $0.inheritedDescriptors = [6: w]
        }
        #expect(result.output == "6 \n")
    }
    #endif

    @Test func inheritedDescriptorIsUsableAtItsNumber() throws {
        let (r, w) = try FileDescriptor.pipe()
        defer { try? r.close() }
        let result = try runShell("echo via-fd-5 >&5") { $0.inheritedDescriptors = [5: w] }
        try w.close()
        #expect(result.status.isSuccess)
        #expect(try readToEnd(r) == "via-fd-5\n")
    }

    @Test func inheritedNumbersBelowThreeAreRejected() throws {
        var request = shell("true")
        request.inheritedDescriptors = [1: .standardError]
        #expect(throws: Errno(EINVAL)) { try Spawn.launch(request) }
    }

    @Test func newSessionMakesChildASessionAndGroupLeader() throws {
        let (child, release) = try blockedShell { $0.grouping = .newSession }
        #expect(try CurrentProcess.sessionID(of: child.pid) == child.pid)
        #expect(try CurrentProcess.processGroup(of: child.pid) == child.pid)
        try release.close()
        _ = try child.wait()
    }

    @Test func newProcessGroupKeepsOurSession() throws {
        let (child, release) = try blockedShell { $0.grouping = .newProcessGroup }
        #expect(try CurrentProcess.processGroup(of: child.pid) == child.pid)
        #expect(try CurrentProcess.sessionID(of: child.pid) == CurrentProcess.sessionID())
        try release.close()
        _ = try child.wait()
    }

    @Test func killpgReachesGrandchildren() throws {
        let out = try FileDescriptor.pipe()
        defer { try? out.read.close() }
        // The shell survives TERM (trap) but the grandchild does not (exec resets handled signals to
        // default). The grandchild announces itself only after its own exec, so TERM cannot reach it
        // while it still runs the parent's trap. The shell then reports how the grandchild ended.
        let grandchildScript = "sh -c 'echo $$; exec sleep 1000 >/dev/null' & wait $!; wait $!; echo \"status $?\""
        var request = shell("trap ':' TERM; " + grandchildScript)
        request.standardOutput = .descriptor(out.write)
        request.standardError = .null  // dash reports the killed job ("Terminated") on stderr
        let child = try ChildProcess(request)
        try out.write.close()
        let grandchild = try #require(pid_t(try readLine(out.read)))
        #expect(Signals.processExists(grandchild))
        try Signals.sendToGroup(.term, child.pid)
        #expect(try readLine(out.read) == "status 143")
        #expect(try child.wait().status == .exited(code: 0))
    }

    @Test func childStartsWithEmptyMaskAndDefaultHandlers() throws {
        // Even with SIGTERM blocked and SIGINT ignored here, the child can be terminated by both.
        let old = try Signals.block(SignalSet([.term]))
        defer { _ = try? Signals.setMask(old) }
        #if os(Linux)
        let r = try runShell("grep -E '^(SigBlk|SigIgn):' /proc/self/status")
        let masks = r.output.split(separator: "\n").compactMap { UInt64($0.split(separator: "\t").last ?? "", radix: 16) }
        // Signals 1...31 only: glibc keeps its internal signals 32 and 33 as the runner set them.
        #expect(masks.count == 2 && masks.allSatisfy { $0 & 0x7fff_ffff == 0 }, "\(r.output)")
        #endif
        let killed = try runShell("kill -TERM $$")
        #expect(killed.status == .signaled(.term, coreDumped: false))
    }
}
