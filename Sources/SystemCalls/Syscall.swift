#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The one place that turns a C return value into a Swift result: -1 means "look at errno".
// EINTR is retried here so no caller has to remember (except close, where a retry could close
// a descriptor another thread just got).

/// Runs `body` until it does not fail with EINTR; throws `Errno(errno, call:)` on -1.
@inline(__always)
internal func valueOrErrno<I: FixedWidthInteger>(
    _ call: @autoclosure () -> String, retryOnInterrupt: Bool = true, _ body: () -> I
) throws -> I {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if retryOnInterrupt && code == EINTR { continue }
        throw Errno(code, call: call())
    }
}

/// Like `valueOrErrno` for calls whose only success value is 0.
@inline(__always)
internal func nothingOrErrno<I: FixedWidthInteger>(
    _ call: @autoclosure () -> String, retryOnInterrupt: Bool = true, _ body: () -> I
) throws {
    _ = try valueOrErrno(call(), retryOnInterrupt: retryOnInterrupt, body)
}

/// For calls (posix_spawn, pthread_*) that return the error number instead of setting errno.
@inline(__always)
internal func checkReturnCode(_ call: @autoclosure () -> String, _ code: Int32) throws {
    if code != 0 { throw Errno(code, call: call()) }
}

/// Builds a NULL-terminated `char *[]` (argv, envp) for the duration of `body`.
internal func withCStringArray<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) throws -> R) rethrows -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { for p in pointers { free(p) } }
    return try body(pointers)
}

/// Nanoseconds from a `timespec`.
internal func nanoseconds(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec) }

/// A `timespec` from nanoseconds (negative values clamp to zero).
internal func timespecFrom(nanoseconds ns: Int64) -> timespec {
    let n = max(ns, 0)
    return timespec(tv_sec: time_t(n / 1_000_000_000), tv_nsec: Int(n % 1_000_000_000))
}

// Top-level aliases for libc calls whose names our own methods shadow (FileDescriptor.read, .close, ...).
internal func system_open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
internal func system_close(_ fd: Int32) -> Int32 { close(fd) }
internal func system_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
internal func system_write(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
internal func system_fsync(_ fd: Int32) -> Int32 { fsync(fd) }
internal func system_fstat(_ fd: Int32, _ buffer: inout stat) -> Int32 { fstat(fd, &buffer) }
internal func system_fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { fchmod(fd, mode) }
internal func system_flock(_ fd: Int32, _ operation: Int32) -> Int32 { flock(fd, operation) }
internal func system_ftruncate(_ fd: Int32, _ size: off_t) -> Int32 { ftruncate(fd, size) }
internal func system_rename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
internal func system_unlink(_ path: String) -> Int32 { unlink(path) }
internal func system_kill(_ pid: pid_t, _ signal: Int32) -> Int32 { kill(pid, signal) }
