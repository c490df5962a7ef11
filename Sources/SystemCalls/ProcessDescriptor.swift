#if os(Linux)
import Glibc
import CSystem

/// A `pidfd_open(2)` descriptor (Linux ≥ 5.3): readable once the process has exited, so a wait for
/// one child can join a `Poll.wait` with no SIGCHLD handling and no pid-reuse race.
public struct ProcessDescriptor: Sendable {
    public let descriptor: FileDescriptor
    public let pid: pid_t

    /// `pidfd_open(2)` (close-on-exec by definition). Throws ENOSYS on kernels before 5.3.
    public init(pid: pid_t) throws {
        self.pid = pid
        descriptor = FileDescriptor(rawValue: try valueOrErrno("pidfd_open \(pid)") { csystem_pidfd_open(pid, 0) })
    }

    /// Whether the process has exited (a zero-timeout poll). Reap it with `Child.wait`.
    public func hasExited() throws -> Bool {
        try Poll.wait([(descriptor, .readable)], timeout: 0)[0].contains(.readable)
    }

    public func close() throws { try descriptor.close() }
}
#endif
