#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite(.serialized) struct SpawnTests {
    @Test(arguments: [0, 1, 3, 42, 255] as [Int32])
    func exitCodeIsReported(code: Int32) throws {
        let r = try runShell("exit \(code)")
        #expect(r.status == .exited(code: code))
        #expect(r.status.isSuccess == (code == 0))
    }

    @Test(arguments: [Signal.term, .kill, .int, .usr1])
    func childKillingItselfIsReportedAsSignal(signal: Signal) throws {
        let r = try runShell("kill -\(signal.rawValue) $$")
        #expect(r.status == .signaled(signal, coreDumped: false))
        #expect(r.status.shellCode == 128 + signal.rawValue)
    }

    @Test func terminatedBySigtermIsSignal15() throws {
        let r = try runShell("kill -TERM $$")
        #expect(r.status == .signaled(Signal(rawValue: 15), coreDumped: false))
        #expect(r.status.description == "killed by SIGTERM")
    }

    @Test func argumentsArePassedVerbatim() throws {
        let args = ["a b", "", "$HOME", "ünï", "*"]
        let r = try runShell(#"for a in "$@"; do printf '[%s]' "$a"; done"#, args)
        #expect(r.output == "[a b][][$HOME][ünï][*]")
    }

    @Test func workingDirectoryIsHonoured() throws {
        try withTemporaryDirectory { dir in
            let r = try runShell("pwd -P") { $0.workingDirectory = dir }
            #expect(r.output == dir + "\n")
        }
    }

    @Test func environmentIsPassedExactly() throws {
        let env = ["PATH": "/usr/bin:/bin", "ONE": "1", "SPACED": "a b=c", "EMPTY": ""]
        let r = try runShell("env") { $0.environment = env }
        let lines = r.output.split(separator: "\n").map(String.init).sorted()
        // dash exports PWD itself; everything else must be exactly what we passed
        #expect(lines.filter { !$0.hasPrefix("PWD=") } == ["EMPTY=", "ONE=1", "PATH=/usr/bin:/bin", "SPACED=a b=c"])
    }

    @Test func standardInputIsDevNull() throws {
        let r = try runShell(#"if read line; then echo "read: $line"; else echo eof; fi; readlink /proc/self/fd/0 2>/dev/null || echo /dev/null"#)
        #expect(r.output == "eof\n/dev/null\n")
    }

    @Test func standardInputFromPipe() throws {
        let input = try FileDescriptor.pipe()
        try input.write.write(all: "hello\n")
        try input.write.close()
        let r = try input.read.closeAfter {
            try runShell("read line; echo \"got $line\"") { $0.standardInput = .descriptor(input.read) }
        }
        #expect(r.output == "got hello\n")
    }

    @Test func standardErrorGoesToItsDescriptor() throws {
        let err = try FileDescriptor.pipe()
        let r = try runShell("echo out; echo err >&2") { $0.standardError = .descriptor(err.write) }
        try err.write.close()
        let errText = try err.read.closeAfter { try readToEnd(err.read) }
        #expect(r.output == "out\n")
        #expect(errText == "err\n")
    }

    @Test func executableIsFoundInTheRequestPath() throws {
        try withTemporaryDirectory { dir in
            try FileSystem.writeFileAtomically("\(dir)/hello-tool", Array("#!/bin/sh\necho tool $1\n".utf8), permissions: 0o755)
            let pipe = try FileDescriptor.pipe()
            var request = Spawn.Request(executable: "hello-tool", arguments: ["x"], environment: ["PATH": "/nonexistent:\(dir)"])
            request.standardOutput = .descriptor(pipe.write)
            let child = try ChildProcess(request)
            try pipe.write.close()
            #expect(try pipe.read.closeAfter { try readToEnd(pipe.read) } == "tool x\n")
            #expect(try child.wait().status == .exited(code: 0))
        }
    }

    @Test func missingExecutableThrowsENOENTNamingIt() throws {
        for name in ["/nonexistent/prog", "no-such-program-xyz"] {
            let error = #expect(throws: Errno.self) { try Spawn.launch(Spawn.Request(executable: name, environment: testEnvironment)) }
            #expect(error?.code == ENOENT)
            #expect(error?.description == "spawn \(name): No such file or directory")
        }
    }

    @Test func nonExecutableFileThrowsEACCES() throws {
        try withTemporaryDirectory { dir in
            try FileSystem.writeFileAtomically("\(dir)/plain", Array("echo hi\n".utf8), permissions: 0o644)
            let error = #expect(throws: Errno.self) { try Spawn.launch(Spawn.Request(executable: "\(dir)/plain", environment: [:])) }
            #expect(error?.code == EACCES)
        }
    }

    @Test func missingWorkingDirectoryIsNamed() throws {
        var request = shell("true")
        request.workingDirectory = "/nonexistent-dir-xyz"
        let error = #expect(throws: Errno.self) { try Spawn.launch(request) }
        #expect(error?.code == ENOENT)
        #expect(error?.description.contains("chdir /nonexistent-dir-xyz") == true)
    }

    @Test func busyChildReportsCPUTime() throws {
        let r = try runShell("i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done")
        #expect(r.status.isSuccess)
        #expect(r.usage.userCPU + r.usage.systemCPU > 10_000_000)  // > 10 ms
        #expect(r.usage.maxResidentKiB > 0)
    }

    @Test func waitIfExitedIsNilWhileRunning() throws {
        let (child, release) = try blockedShell()
        #expect(try Child.waitIfExited(child.pid) == nil)
        #expect(Signals.processExists(child.pid))
        try release.close()  // EOF: `read` fails, shell exits 1
        #expect(try child.wait().status == .exited(code: 1))
        #expect(!Signals.processExists(child.pid))
    }

    @Test func reapCollectsOnlyTheGivenChildren() throws {
        let children = try (0..<3).map { try ChildProcess(shell("exit \($0)")) }
        var reaped: [pid_t: TerminationStatus] = [:]
        let deadline = SystemClock.monotonic() + hangBound
        while reaped.count < 3 && SystemClock.monotonic() < deadline {
            for t in try Child.reap(children.map(\.pid).filter { reaped[$0] == nil }) { reaped[t.pid] = t.status }
            if reaped.count < 3 { SystemClock.sleep(nanoseconds: 5_000_000) }
        }
        for (i, c) in children.enumerated() {
            #expect(reaped[c.pid] == .exited(code: Int32(i)))
            if let status = reaped[c.pid] { c.markReaped(status) }
        }
    }

    @Test func writeAllLoopsOverPartialWritesIntoAPipe() throws {
        // 1 MiB is far more than a pipe buffer: write(2) blocks and returns short while `cat` drains it.
        try withTemporaryDirectory { dir in
            let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
            let input = try FileDescriptor.pipe()
            var request = shell("cat > \"$1\"", ["\(dir)/copy"])
            request.standardInput = .descriptor(input.read)
            let child = try ChildProcess(request)
            try input.read.close()
            try input.write.write(all: payload)
            try input.write.close()
            #expect(try child.wait().status.isSuccess)
            #expect(try FileSystem.readFile("\(dir)/copy") == payload)
        }
    }
}
