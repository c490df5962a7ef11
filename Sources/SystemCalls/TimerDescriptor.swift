#if os(Linux)
import Glibc
import CSystem

/// A `timerfd_create(2)` timer: a descriptor that becomes readable when the timer fires, so the
/// daemon can poll it together with signals, sockets and the config watcher.
public struct TimerDescriptor: Sendable {
    public let descriptor: FileDescriptor

    /// What a read found.
    public enum Event: Equatable, Sendable {
        /// The timer fired this many times since the last read.
        case expired(count: UInt64)
        /// The wall clock was set (ECANCELED; armed with `cancelOnClockChange`): recompute and re-arm.
        case clockChanged
        /// Nonblocking descriptor and nothing happened yet (EAGAIN).
        case notYet
    }

    /// `timerfd_create(2)` with TFD_CLOEXEC (TFD_NONBLOCK unless `nonblocking` is false).
    public init(clock: SystemClock.ID = .realtime, nonblocking: Bool = true) throws {
        let flags = Int32(TFD_CLOEXEC) | (nonblocking ? Int32(TFD_NONBLOCK) : 0)
        descriptor = FileDescriptor(rawValue: try valueOrErrno("timerfd_create") { timerfd_create(clock.raw, flags) })
    }

    /// `timerfd_settime(2)` with TFD_TIMER_ABSTIME: fire at `deadline` (nanoseconds on the timer's clock).
    /// With `cancelOnClockChange` (TFD_TIMER_CANCEL_ON_SET, realtime clock only), a wall-clock step
    /// wakes the reader with `.clockChanged` instead of leaving it asleep until the stale deadline.
    public func arm(at deadline: Int64, cancelOnClockChange: Bool = true) throws {
        let flags = Int32(TFD_TIMER_ABSTIME) | (cancelOnClockChange ? Int32(TFD_TIMER_CANCEL_ON_SET) : 0)
        try set(value: max(deadline, 1), interval: 0, flags: flags)
    }

    /// `timerfd_settime(2)`, relative: fire after `delay` nanoseconds, then every `interval` (0: once).
    public func arm(after delay: Int64, interval: Int64 = 0) throws {
        try set(value: max(delay, 1), interval: interval, flags: 0)
    }

    /// `timerfd_settime(2)` with zero: stop the timer.
    public func disarm() throws { try set(value: 0, interval: 0, flags: 0) }

    /// `read(2)` of the expiration count.
    public func read() throws -> Event {
        var count: UInt64 = 0
        do {
            let n = try withUnsafeMutableBytes(of: &count) { try descriptor.read(into: $0) }
            return n == 8 ? .expired(count: count) : .notYet
        } catch let e as Errno where e.code == ECANCELED {
            return .clockChanged
        } catch let e as Errno where e.code == EAGAIN {
            return .notYet
        }
    }

    public func close() throws { try descriptor.close() }

    private func set(value: Int64, interval: Int64, flags: Int32) throws {
        var spec = itimerspec(it_interval: timespecFrom(nanoseconds: interval), it_value: timespecFrom(nanoseconds: value))
        if value == 0 { spec.it_value = timespec() }
        try nothingOrErrno("timerfd_settime") { timerfd_settime(descriptor.rawValue, flags, &spec, nil) }
    }
}
#endif
