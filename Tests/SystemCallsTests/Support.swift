#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

/// Runs `body` with a fresh temporary directory, removed afterwards.
func withTemporaryDirectory<R>(_ body: (String) throws -> R) throws -> R {
    let dir = try FileSystem.makeTemporaryDirectory(prefix: "systemcalls-test")
    defer { try? FileSystem.removeTree(dir) }
    return try body(dir)
}

/// Nanoseconds after which a wait gives up: it bounds a hang only, so it is far beyond any slow machine.
/// Tests assert what happened, never how long it took.
let hangBound: Int64 = 120_000_000_000

/// A minimal, known environment for test children.
let testEnvironment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"]

/// A request for `/bin/sh -c script`.
func shell(_ script: String, _ args: [String] = [], environment: [String: String] = testEnvironment) -> Spawn.Request {
    Spawn.Request(executable: "/bin/sh", arguments: ["-c", script, "sh"] + args, environment: environment)
}

struct TimedOut: Error {}

/// A spawned child that is killed (whole group) and reaped on `finish`/`deinit` unless already reaped,
/// so a failing test leaves no process behind.
final class ChildProcess {
    let pid: pid_t
    private(set) var termination: Termination?

    init(_ request: Spawn.Request) throws { pid = try Spawn.launch(request) }

    /// Reaps the child (blocking).
    @discardableResult
    func wait() throws -> Termination {
        if let termination { return termination }
        let t = try Child.wait(pid)
        termination = t
        return t
    }

    /// Records that someone else (e.g. `Child.reap`) reaped this child.
    func markReaped(_ status: TerminationStatus) { termination = Termination(pid: pid, status: status, usage: ResourceUsage()) }

    deinit {
        guard termination == nil else { return }
        try? Signals.sendToGroup(.kill, pid)
        try? Signals.send(.kill, to: pid)
        _ = try? Child.wait(pid)
    }
}

/// A `/bin/sh` child blocked reading stdin until `release` is closed; then it exits with 1.
func blockedShell(_ configure: (inout Spawn.Request) -> Void = { _ in }) throws -> (child: ChildProcess, release: FileDescriptor) {
    let input = try FileDescriptor.pipe()
    var request = shell("read x")
    request.standardInput = .descriptor(input.read)
    configure(&request)
    let child: ChildProcess
    do { child = try ChildProcess(request) } catch { try? input.write.close(); try? input.read.close(); throw error }
    try input.read.close()
    return (child, input.write)
}

/// Reads from `fd` until end of file; throws `TimedOut` after `hangBound`.
func readToEnd(_ fd: FileDescriptor) throws -> String {
    let deadline = SystemClock.monotonic() + hangBound
    var bytes: [UInt8] = []
    while true {
        let left = deadline - SystemClock.monotonic()
        guard left > 0, try !Poll.wait([(fd, .readable)], timeout: left)[0].isEmpty else { throw TimedOut() }
        let chunk = try fd.read(upTo: 4096)
        if chunk.isEmpty { return String(decoding: bytes, as: UTF8.self) }
        bytes += chunk
    }
}

/// Reads one line (without the newline) from `fd`, a byte at a time; throws `TimedOut` after `hangBound`.
func readLine(_ fd: FileDescriptor) throws -> String {
    let deadline = SystemClock.monotonic() + hangBound
    var bytes: [UInt8] = []
    while true {
        let left = deadline - SystemClock.monotonic()
        guard left > 0, try !Poll.wait([(fd, .readable)], timeout: left)[0].isEmpty else { throw TimedOut() }
        guard let byte = try fd.read(upTo: 1).first, byte != UInt8(ascii: "\n") else { break }
        bytes.append(byte)
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Runs `/bin/sh -c script` to completion; returns its status and standard output.
func runShell(
    _ script: String, _ args: [String] = [], configure: (inout Spawn.Request) -> Void = { _ in }
) throws -> (status: TerminationStatus, output: String, usage: ResourceUsage) {
    let pipe = try FileDescriptor.pipe()
    var request = shell(script, args)
    request.standardOutput = .descriptor(pipe.write)
    configure(&request)
    let child: ChildProcess
    do { child = try ChildProcess(request) } catch { try? pipe.read.close(); try? pipe.write.close(); throw error }
    try pipe.write.close()
    let output = try pipe.read.closeAfter { try readToEnd(pipe.read) }
    let t = try child.wait()
    return (t.status, output, t.usage)
}

#if os(Linux)
/// Runs the calling test again, alone, in a child process of this test binary, so that what it measures
/// of "the current process" (memory) is not disturbed by the suites running beside it here. Returns
/// true in that child, which then measures and asserts; in the parent it expects the child's run of
/// exactly that one test to pass, and returns false.
func isolatedInChild(_ testID: String) throws -> Bool {
    let marker = "SYSTEMCALLS_TEST_CHILD"
    if CurrentProcess.environmentValue(marker) == testID { return true }
    var environment = CurrentProcess.environment()
    environment[marker] = testID
    let output = try FileDescriptor.pipe()
    var request = Spawn.Request(executable: try FileSystem.readLink("/proc/self/exe"),
                                arguments: ["--testing-library", "swift-testing", "--filter", testID], environment: environment)
    request.standardOutput = .descriptor(output.write)
    request.standardError = .descriptor(output.write)
    let child: ChildProcess
    do { child = try ChildProcess(request) } catch { try? output.read.close(); try? output.write.close(); throw error }
    try output.write.close()
    let text = try output.read.closeAfter { try readToEnd(output.read) }
    let status = try child.wait().status
    #expect(status == .exited(code: 0) && text.contains("Test run with 1 test "), "child run of \(testID):\n\(text)")
    return false
}
#endif
