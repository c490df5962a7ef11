#if os(Linux)
import Glibc
import CSystem

/// A `signalfd(2)`: signals read as events from a descriptor instead of running handlers.
/// The signals must be blocked (`Signals.block`) in every thread, so block them in `main`
/// before starting any thread; otherwise a thread that does not block one may consume it.
public struct SignalDescriptor: Sendable {
    public let descriptor: FileDescriptor

    /// One received signal (`struct signalfd_siginfo`).
    public struct Event: Equatable, Sendable {
        public var signal: Signal
        /// Sender's pid (for SIGCHLD: the child that changed state).
        public var senderPID: pid_t
        public var senderUID: uid_t
        /// `si_code` (e.g. CLD_EXITED for SIGCHLD).
        public var code: Int32
        /// For SIGCHLD: exit code or signal number.
        public var status: Int32
    }

    /// `signalfd(2)` with SFD_CLOEXEC (SFD_NONBLOCK unless `nonblocking` is false).
    public init(_ signals: SignalSet, nonblocking: Bool = true) throws {
        var mask = signals.raw
        let flags = Int32(SFD_CLOEXEC) | (nonblocking ? Int32(SFD_NONBLOCK) : 0)
        descriptor = FileDescriptor(rawValue: try valueOrErrno("signalfd") { signalfd(-1, &mask, flags) })
    }

    /// `read(2)` of pending signals; empty when none are pending (nonblocking descriptor).
    /// Several SIGCHLDs may merge into one event: reap with `Child.reapAll()` / `Child.reap(_:)`.
    public func read() throws -> [Event] {
        var infos = [signalfd_siginfo](repeating: signalfd_siginfo(), count: 16)
        let n: Int
        do {
            n = try infos.withUnsafeMutableBytes { try descriptor.read(into: $0) }
        } catch let e as Errno where e.code == EAGAIN {
            return []
        }
        return infos.prefix(n / MemoryLayout<signalfd_siginfo>.size).map {
            Event(signal: Signal(rawValue: Int32($0.ssi_signo)), senderPID: pid_t(bitPattern: $0.ssi_pid),
                  senderUID: $0.ssi_uid, code: $0.ssi_code, status: $0.ssi_status)
        }
    }

    public func close() throws { try descriptor.close() }
}
#endif
