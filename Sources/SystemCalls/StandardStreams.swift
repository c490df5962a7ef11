#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// A process ID (`pid_t`): what spawn returns and signals, waits and locks name.
public typealias ProcessID = pid_t

/// The C library's buffered stdout and stderr, which Swift's `print` writes through.
public enum StandardStreams {
    /// Buffers stdout fully (`setvbuf`, `bytes` long): a long listing goes out in few writes.
    public static func bufferOutput(bytes: Int = 1 << 16) { _ = csystem_stdout_buffer(bytes) }

    /// `fflush(stdout)`: before a child writes to the same terminal, before following a log, before exit.
    public static func flushOutput() { _ = csystem_stdout_flush() }

    /// Writes `text` to stderr (unbuffered: it interleaves right with a child's output).
    public static func writeError(_ text: String) { _ = csystem_stderr_write(text) }
}

extension CurrentProcess {
    /// `exit(3)`: flushes stdio and ends the process with `status`.
    public static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }

    /// `getrusage(RUSAGE_SELF)`: this process's CPU time and peak RSS so far.
    public static func resourceUsage() -> ResourceUsage {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return ResourceUsage(usage)
    }
}

extension Memory {
    /// Index of the first `byte` in `buffer` from `start` (`memchr`: vectorised, unlike a byte loop), or nil.
    public static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, from start: Int = 0) -> Int? {
        guard let base = buffer.baseAddress, start < buffer.count else { return nil }
        return memchr(base + start, Int32(byte), buffer.count - start).map { UnsafeRawPointer($0) - base }
    }
}
