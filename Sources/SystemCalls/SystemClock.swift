#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `clock_gettime(2)` and `nanosleep(2)` in nanoseconds (Int64: ±292 years).
public enum SystemClock {
    /// Which kernel clock.
    public enum ID: Sendable {
        /// Wall clock (CLOCK_REALTIME): nanoseconds since the Unix epoch; jumps when the time is set.
        case realtime
        /// CLOCK_MONOTONIC: never jumps; stops during suspend.
        case monotonic
        /// CLOCK_BOOTTIME on Linux (monotonic, counts suspend); CLOCK_MONOTONIC elsewhere.
        case boottime
        /// CLOCK_PROCESS_CPUTIME_ID: CPU time used by this process (benchmarks on busy machines).
        case processCPU

        var raw: clockid_t {
            switch self {
            case .realtime: CLOCK_REALTIME
            case .monotonic: CLOCK_MONOTONIC
            #if os(Linux)
            case .boottime: CLOCK_BOOTTIME
            #else
            case .boottime: CLOCK_MONOTONIC
            #endif
            case .processCPU: CLOCK_PROCESS_CPUTIME_ID
            }
        }
    }

    /// `clock_gettime(2)` in nanoseconds.
    public static func now(_ clock: ID) -> Int64 {
        var t = timespec()
        clock_gettime(clock.raw, &t)  // cannot fail for these clocks
        return nanoseconds(t)
    }

    /// Wall-clock time, nanoseconds since the Unix epoch.
    public static func realtime() -> Int64 { now(.realtime) }

    /// CLOCK_MONOTONIC, nanoseconds: for measuring intervals.
    public static func monotonic() -> Int64 { now(.monotonic) }

    /// `nanosleep(2)` for `duration` nanoseconds, resuming after signal interruptions.
    public static func sleep(nanoseconds duration: Int64) {
        var request = timespecFrom(nanoseconds: duration)
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}

/// `poll(2)` event bits.
public struct PollEvents: OptionSet, Sendable, Hashable {
    public let rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }
    public static let readable = PollEvents(rawValue: Int16(POLLIN))
    public static let writable = PollEvents(rawValue: Int16(POLLOUT))
    public static let priority = PollEvents(rawValue: Int16(POLLPRI))
    /// Reported only: error condition.
    public static let error = PollEvents(rawValue: Int16(POLLERR))
    /// Reported only: peer closed (a pipe's write end is gone).
    public static let hangup = PollEvents(rawValue: Int16(POLLHUP))
    /// Reported only: the descriptor is not open.
    public static let invalid = PollEvents(rawValue: Int16(POLLNVAL))
}

/// Waiting on several descriptors at once.
public enum Poll {
    /// `poll(2)`: waits until one of `items` is ready or `timeout` nanoseconds pass (nil: forever).
    /// Returns the events that occurred, one entry per item in order (empty sets on timeout).
    /// On EINTR it polls again with the time left.
    public static func wait(
        _ items: [(descriptor: FileDescriptor, events: PollEvents)], timeout: Int64?
    ) throws -> [PollEvents] {
        var fds = items.map { pollfd(fd: $0.descriptor.rawValue, events: $0.events.rawValue, revents: 0) }
        let deadline = timeout.map { t in SystemClock.monotonic().addingReportingOverflow(max(t, 0)).overflow ? Int64.max : SystemClock.monotonic() + max(t, 0) }
        while true {
            let ms = deadline.map { milliseconds(until: $0) } ?? -1
            let n = poll(&fds, nfds_t(fds.count), ms)
            if n >= 0 { return fds.map { PollEvents(rawValue: $0.revents) } }
            if errno != EINTR { throw Errno(errno, call: "poll") }
        }
    }

    /// Milliseconds from now to `deadline`, rounded up so we never wake early and spin.
    static func milliseconds(until deadline: Int64) -> Int32 {
        let left = max(deadline - SystemClock.monotonic(), 0)
        return Int32(clamping: (left + 999_999) / 1_000_000)
    }
}
