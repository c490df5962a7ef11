#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SchedulerCore
import SystemCalls

/// A job process the runtime started: its pipes, and the splitters turning output into log lines.
final class RunningProcess {
    let id: RunID
    let pid: pid_t
    var stdout: FileDescriptor?
    var stderr: FileDescriptor?
    var outLines = LineSplitter()
    var errLines = LineSplitter()
    /// We sent it SIGTERM/SIGKILL: once the leader is reaped, leftovers in its group get SIGKILL.
    var stopping = false

    init(id: RunID, pid: pid_t, stdout: FileDescriptor, stderr: FileDescriptor) {
        self.id = id; self.pid = pid; self.stdout = stdout; self.stderr = stderr
    }

    /// Reads what is available on one pipe (at most `budget` bytes) and returns the finished lines.
    /// Closes the pipe at end of file.
    func drain(stderr which: Bool, budget: Int, buffer: UnsafeMutableRawBufferPointer, now: Instant) -> [LogLine] {
        guard let fd = which ? stderr : stdout else { return [] }
        var lines: [String] = [], total = 0
        while total < budget {
            let n: Int
            do { n = try fd.read(into: buffer) } catch let e as Errno where e.code == EAGAIN || e.code == EWOULDBLOCK { break } catch { n = 0 }
            if n == 0 {
                try? fd.close()
                if which { stderr = nil } else { stdout = nil }
                if let rest = which ? errLines.flush() : outLines.flush() { lines.append(rest) }
                break
            }
            total += n
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<n])
            lines += which ? errLines.feed(chunk) : outLines.feed(chunk)
        }
        return lines.map { LogLine(time: now, source: .app, dyno: id.dyno, message: $0) }
    }

    /// Everything still buffered, then closes both pipes (the process ended).
    func finish(buffer: UnsafeMutableRawBufferPointer, now: Instant) -> [LogLine] {
        var out: [LogLine] = []
        for which in [false, true] {
            out += drain(stderr: which, budget: 1 << 20, buffer: buffer, now: now)
            if let fd = which ? stderr : stdout {
                try? fd.close()
                if let rest = which ? errLines.flush() : outLines.flush() { out.append(LogLine(time: now, source: .app, dyno: id.dyno, message: rest)) }
            }
        }
        stdout = nil; stderr = nil
        return out
    }
}
