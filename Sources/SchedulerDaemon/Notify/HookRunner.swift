import SchedulerCore
import SystemCalls
import StateFormats

/// A program the daemon runs for a job's run: a hook (`shell -c LINE`) or sendmail.
public struct HookRequest: Sendable {
    /// For log lines: "on_failure", "mail".
    public var label: String
    public var executable: String
    public var arguments: [String]
    public var environment: [String: String]
    public var directory: String?
    public var timeout: Duration
    /// Written to its standard input (at most `maxInput` bytes), else /dev/null.
    public var input: [UInt8]?
    public init(label: String, executable: String, arguments: [String], environment: [String: String],
                directory: String? = nil, timeout: Duration, input: [UInt8]? = nil) {
        self.label = label; self.executable = executable; self.arguments = arguments; self.environment = environment
        self.directory = directory; self.timeout = timeout; self.input = input
    }
}

/// How a hook ended.
public struct HookResult: Sendable, Equatable {
    /// nil when it could not be started (`error` says why).
    public var status: TerminationStatus?
    public var timedOut = false
    /// Its last output lines (stdout and stderr together).
    public var output: [String] = []
    public var error: String?
    /// Its process id (0 when it did not start).
    public var pid: Int32 = 0
    public var succeeded: Bool { status?.isSuccess == true && !timedOut }
}

/// Runs hooks: `run` waits (for tests and the hook threads), `start` runs it on its own thread.
public enum HookRunner {
    /// The pipe buffer size: input up to this never blocks the writer.
    static let maxInput = 60_000
    static let keptLines = 20
    /// How a hook is stopped after its timeout: SIGTERM, 2 s, SIGKILL to its process group.
    static let teardown = Teardown.terminate(grace: .seconds(2))

    /// Runs `r` to completion or its timeout (then SIGTERM, SIGKILL to its process group);
    /// `started` gets the pid (its process group) as soon as it runs, `line` each output line as it comes.
    public static func run(_ r: HookRequest, started: (ProcessID) -> Void = { _ in }, line: (String) -> Void = { _ in }) -> HookResult {
        var result = HookResult()
        var pid: ProcessID = 0
        do {
            let out = try FileDescriptor.pipe()
            defer { try? out.read.close() }
            var stdin: Spawn.Stream = .null
            var inPipe: (read: FileDescriptor, write: FileDescriptor)?
            if r.input != nil { inPipe = try FileDescriptor.pipe(); stdin = .descriptor(inPipe!.read) }
            let request = Spawn.Request(executable: r.executable, arguments: r.arguments, environment: r.environment,
                                        workingDirectory: r.directory, grouping: .newSession, standardInput: stdin,
                                        standardOutput: .descriptor(out.write), standardError: .descriptor(out.write))
            do { pid = try Spawn.launch(request) } catch {
                try? out.write.close(); try? inPipe?.read.close(); try? inPipe?.write.close()
                throw error
            }
            try? out.write.close()
            started(pid)
            result.pid = pid
            if let p = inPipe {
                try? p.read.close()
                try? p.write.write(all: Array((r.input ?? []).prefix(maxInput)))
                try? p.write.close()
            }
            try out.read.setNonblocking(true)
            let deadline = Checked.add(SystemClock.monotonic(), r.timeout.nanoseconds)
            result.status = wait(pid: pid, output: out.read, deadline: deadline, result: &result, line: line)
        } catch {
            result.error = "\(error)"
        }
        return result
    }

    /// Reads output until the process exits (or the deadline, then stops it); returns how it ended.
    private static func wait(pid: ProcessID, output: FileDescriptor, deadline: Int64, result: inout HookResult,
                             line: (String) -> Void) -> TerminationStatus? {
        var splitter = LineSplitter(), lines: [String] = [], open = true, stopping: Teardown.Progress?
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 14, alignment: 8)
        defer { buffer.deallocate() }
        func take(_ new: [String]) { new.forEach(line); lines += new }
        while true {
            if open, let ready = try? Poll.wait([(output, .readable)], timeout: 50_000_000), !ready[0].isEmpty {
                let n = (try? output.read(into: buffer)) ?? 0
                if n == 0 { open = false } else { take(splitter.feed(UnsafeRawBufferPointer(rebasing: buffer[..<n]))) }
                if lines.count > 4 * keptLines { lines.removeFirst(lines.count - keptLines) }
            } else if !open {
                SystemClock.sleep(nanoseconds: 20_000_000)
            }
            if let t = try? Child.waitIfExited(pid) {
                // What it wrote just before exiting is still in the pipe.
                while open, let n = try? output.read(into: buffer), n > 0 {
                    take(splitter.feed(UnsafeRawBufferPointer(rebasing: buffer[..<n])))
                }
                if let rest = splitter.flush() { take([rest]) }
                result.output = Array(lines.suffix(keptLines))
                return t.status
            }
            let now = Instant(nanoseconds: SystemClock.monotonic())
            if stopping == nil, now.nanoseconds >= deadline {
                result.timedOut = true
                stopping = Teardown.Progress(teardown, at: now)
            }
            if let step = stopping?.take(at: now) { try? Signals.sendToGroup(step.signal, pid) }
        }
    }

    /// Runs `r` on a new thread and hands the result to `done` there; never blocks the caller.
    public static func start(_ r: HookRequest, started: @escaping @Sendable (ProcessID) -> Void = { _ in },
                             line: @escaping @Sendable (String) -> Void = { _ in },
                             done: @escaping @Sendable (HookResult) -> Void) {
        Threads.detach { done(run(r, started: started, line: line)) }
    }
}
