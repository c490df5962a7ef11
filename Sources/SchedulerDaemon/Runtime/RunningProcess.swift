import SchedulerCore
import SystemCalls

/// A job process the runtime started: its pipes, and the splitters turning output into log lines.
final class RunningProcess {
    let id: RunID
    let pid: ProcessID
    var stdout: FileDescriptor?
    var stderr: FileDescriptor?
    var outLines = LineSplitter()
    var errLines = LineSplitter()
    /// The last output lines, kept only when a hook or mail will want them.
    var tail: OutputTail?
    /// We sent it SIGTERM/SIGKILL: once the leader is reaped, leftovers in its group get SIGKILL.
    var stopping = false
    /// `app[job.N]: `, built once (the timestamp in front comes from the log writer).
    private let dynoBytes: [UInt8]

    init(id: RunID, pid: ProcessID, stdout: FileDescriptor, stderr: FileDescriptor, keepLines: Int = 0) {
        self.id = id; self.pid = pid; self.stdout = stdout; self.stderr = stderr
        dynoBytes = Array("app[\(id.dyno)]: ".utf8)
        if keepLines > 0 { tail = OutputTail(capacity: keepLines) }
    }

    /// Reads what is available on one pipe (at most `budget` bytes) and appends the finished lines, formatted
    /// for the log, to `out`. Closes the pipe at end of file.
    func drain(stderr which: Bool, budget: Int, buffer: UnsafeMutableRawBufferPointer, prefix: [UInt8], into out: inout [UInt8]) {
        guard let fd = which ? stderr : stdout else { return }
        let prefix = prefix + dynoBytes
        var total = 0
        while total < budget {
            let n: Int
            do { n = try fd.read(into: buffer) } catch let e as Errno where e == .wouldBlock { break } catch { n = 0 }
            if n == 0 {
                try? fd.close()
                if which { stderr = nil } else { stdout = nil }
                flushPartial(stderr: which, prefix: prefix, into: &out)
                break
            }
            total += n
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            if which { errLines.feed(chunk) { self.emit($0, prefix, &out) } } else { outLines.feed(chunk) { self.emit($0, prefix, &out) } }
        }
    }

    /// Everything still buffered, then closes both pipes (the process ended).
    func finish(buffer: UnsafeMutableRawBufferPointer, prefix: [UInt8], into out: inout [UInt8]) {
        for which in [false, true] {
            drain(stderr: which, budget: 1 << 20, buffer: buffer, prefix: prefix, into: &out)
            if let fd = which ? stderr : stdout {
                try? fd.close()
                flushPartial(stderr: which, prefix: prefix + dynoBytes, into: &out)
            }
        }
        stdout = nil; stderr = nil
    }

    private func flushPartial(stderr which: Bool, prefix: [UInt8], into out: inout [UInt8]) {
        if which { errLines.flush { self.emit($0, prefix, &out) } } else { outLines.flush { self.emit($0, prefix, &out) } }
    }

    private func emit(_ line: UnsafeRawBufferPointer, _ prefix: [UInt8], _ out: inout [UInt8]) {
        LogBytes.appendLine(line, prefix: prefix, to: &out)
        if tail != nil { tail!.append(String(decoding: line, as: UTF8.self)) }
    }
}
