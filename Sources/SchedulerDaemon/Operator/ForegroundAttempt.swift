import SchedulerCore
import SystemCalls
import StateFormats

/// One foreground attempt: spawn in its own process group, stream its output, forward signals, enforce
/// the timeout, reap it. Signals are taken through a signalfd so none is lost between poll calls.
struct AttemptLoop {
    static let forwarded: [Signal] = [.int, .term, .hup, .quit]
    let run: ForegroundRun
    let request: LaunchRequest
    var pid: Int32 = 0
    var out: FileDescriptor?
    var err: FileDescriptor?
    var signals: SignalDescriptor?
    var savedMask: SignalSet?
    var outLines = LineSplitter()
    var errLines = LineSplitter()
    /// Our process group, when we handed the terminal to the job and must take it back.
    var terminalOwner: ProcessID?
    var echo = (out: true, err: true)
    /// The timeout's deadline, then the job's teardown once it passed (monotonic clock).
    var timeoutAt: Int64?
    var teardown: Teardown.Progress?
    var stop: StopReason?

    init(run: ForegroundRun, request: LaunchRequest) { self.run = run; self.request = request }

    /// Blocks the forwarded signals (the child gets a clean mask), opens the pipes and spawns.
    mutating func spawn(env: [String: String]) throws -> Int32 {
        try Signals.ignoreBrokenPipe()  // a closed terminal pipe must not kill us while the job runs
        savedMask = try Signals.block(SignalSet(AttemptLoop.forwarded + [.chld]))
        signals = try SignalDescriptor(SignalSet(AttemptLoop.forwarded + [.chld]))
        let o = try FileDescriptor.pipe(), e = try FileDescriptor.pipe()
        defer { try? o.write.close(); try? e.write.close() }
        out = o.read; err = e.read
        let (exe, args) = JobEnvironment.argv(request.job.command, extra: run.extraArgs, name: request.job.name)
        let spawn = Spawn.Request(
            executable: exe, arguments: args, environment: env,
            workingDirectory: JobEnvironment.workingDirectory(request.job, home: run.environment["HOME"]),
            grouping: .newProcessGroup, standardInput: .inherit,
            standardOutput: .descriptor(o.write), standardError: .descriptor(e.write),
            inheritedDescriptors: run.lock.map { [3: $0.descriptor] } ?? [:])
        do { pid = try Spawn.launch(spawn) } catch { cleanUp(); throw error }
        try? o.read.setNonblocking(true); try? e.read.setNonblocking(true)
        terminalOwner = Terminal.handOver(to: pid)
        return pid
    }

    /// Runs until the job's process ends; returns how it ended, its usage and why we stopped it (if we did).
    mutating func wait() -> (ExitStatus, ResourceUsage, StopReason?) {
        timeoutAt = request.job.timeout.map { Checked.add(SystemClock.monotonic(), $0.nanoseconds) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate(); cleanUp() }
        var ended: Termination? = nil
        while ended == nil {
            let deadline = [timeoutAt, teardown?.dueAt?.nanoseconds].compactMap { $0 }.min()
            var items: [(descriptor: FileDescriptor, events: PollEvents)] = [(signals!.descriptor, .readable)]
            if let out { items.append((out, .readable)) }
            if let err { items.append((err, .readable)) }
            let ready = (try? Poll.wait(items, timeout: deadline.map { max($0 - SystemClock.monotonic(), 0) })) ?? []
            if ready.count > 1, !ready[1].isEmpty { drain(stderr: out == nil, buffer) }
            if ready.count > 2, !ready[2].isEmpty { drain(stderr: true, buffer) }
            if let first = ready.first, !first.isEmpty { forwardSignals() }
            checkDeadlines()
            ended = try? Child.waitIfExited(pid)
        }
        drain(stderr: false, buffer, final: true); drain(stderr: true, buffer, final: true)
        if stop != nil { try? Signals.sendToGroup(.kill, pid) }  // nothing of a stopped run stays behind
        return (ExitStatus(ended!.status), ended!.usage, stop)
    }

    /// The job's timeout, then its teardown (SIGTERM, `kill_grace`, SIGKILL to the group), on the monotonic clock.
    mutating func checkDeadlines() {
        let now = Instant(nanoseconds: SystemClock.monotonic())
        if let t = timeoutAt, now.nanoseconds >= t {
            timeoutAt = nil; stop = .timeout
            var progress = Teardown.Progress(request.job.teardown, at: now)
            if let first = progress.take(at: now) {
                message("Timed out after \(DurationSyntax.format(request.job.timeout ?? .zero)): sending \(first.signal.name) to the process group")
                try? Signals.sendToGroup(first.signal, pid)
            }
            teardown = progress
        } else if var progress = teardown, let before = progress.previous, let step = progress.take(at: now) {
            teardown = progress
            message("Still up \(DurationSyntax.format(before.grace)) after \(before.signal.name): sending \(step.signal.name)")
            try? Signals.sendToGroup(step.signal, pid)
        }
    }

    /// Sends what we received (Ctrl-C, kill) on to the job's process group; SIGCHLD just wakes us.
    mutating func forwardSignals() {
        for e in (try? signals?.read()) ?? [] where e.signal != .chld {
            try? Signals.sendToGroup(e.signal, pid)
        }
    }

    /// Copies what the pipe has to our own stream and the log; at the end, closes it.
    mutating func drain(stderr which: Bool, _ buffer: UnsafeMutableRawBufferPointer, final: Bool = false) {
        guard let fd = which ? err : out else { return }
        var lines: [String] = []
        var eof = false
        while true {
            let n: Int
            do { n = try fd.read(into: buffer) } catch { break }  // EAGAIN: nothing more now
            if n == 0 { eof = true; break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            echoOut(chunk, stderr: which)
            lines += which ? errLines.feed(chunk) : outLines.feed(chunk)
            if !final, lines.count > 1000 { break }
        }
        if eof || final {
            try? fd.close()
            if which { err = nil } else { out = nil }
            if let rest = which ? errLines.flush() : outLines.flush() { lines.append(rest) }
        }
        let now = Instant(nanoseconds: SystemClock.realtime())
        if !lines.isEmpty { run.log.write(lines.map { LogLine(time: now, source: .app, dyno: request.id.dyno, message: $0) }) }
    }

    /// Writes live output to our stdout/stderr; stops echoing a stream that was closed (e.g. `| head`).
    mutating func echoOut(_ chunk: UnsafeRawBufferPointer, stderr which: Bool) {
        guard which ? echo.err : echo.out else { return }
        let target: FileDescriptor = which ? .standardError : .standardOutput
        do { try target.write(all: Array(chunk)) } catch { if which { echo.err = false } else { echo.out = false } }
    }

    func message(_ text: String) {
        run.note(request.id, text, at: Instant(nanoseconds: SystemClock.realtime()))
        run.say("scheduler: \(request.id.dyno): \(text)")
    }

    /// Takes the terminal back, closes what is open and restores our signal mask.
    mutating func cleanUp() {
        if let owner = terminalOwner { Terminal.takeBack(owner); terminalOwner = nil }
        try? out?.close(); try? err?.close(); out = nil; err = nil
        try? signals?.close(); signals = nil
        if let m = savedMask { _ = try? Signals.setMask(m); savedMask = nil }
    }
}
