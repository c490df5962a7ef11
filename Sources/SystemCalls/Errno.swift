#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: the errno value, the call's name, and `strerror` text.
public struct Errno: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: Int32
    public var call: String
    public init(_ code: Int32, call: String = "") { self.code = code; self.call = call }
    public var message: String { String(cString: strerror(code)) }
    public var description: String { call.isEmpty ? message : "\(call): \(message)" }
    public static func == (a: Errno, b: Errno) -> Bool { a.code == b.code }
}

/// Named errno values (as swift-system's `Errno.noSuchFileOrDirectory`): callers compare `e == .fileExists`
/// (`==` compares codes only) instead of raw numbers, and need no libc import.
extension Errno {
    public static let notPermitted = Errno(EPERM)
    public static let noSuchFileOrDirectory = Errno(ENOENT)
    public static let noSuchProcess = Errno(ESRCH)
    public static let interrupted = Errno(EINTR)
    public static let badFileDescriptor = Errno(EBADF)
    public static let noChildProcess = Errno(ECHILD)
    /// EAGAIN (EWOULDBLOCK is the same value on Linux and macOS).
    public static let wouldBlock = Errno(EAGAIN)
    public static let permissionDenied = Errno(EACCES)
    public static let fileExists = Errno(EEXIST)
    public static let notDirectory = Errno(ENOTDIR)
    public static let isDirectory = Errno(EISDIR)
    public static let invalidArgument = Errno(EINVAL)
    public static let tooManyOpenFiles = Errno(EMFILE)
    public static let fileTableFull = Errno(ENFILE)
    public static let noSpace = Errno(ENOSPC)
    public static let brokenPipe = Errno(EPIPE)
    public static let tooManySymbolicLinks = Errno(ELOOP)
    public static let notSocket = Errno(ENOTSOCK)
    public static let addressInUse = Errno(EADDRINUSE)
    public static let connectionRefused = Errno(ECONNREFUSED)
    public static let connectionReset = Errno(ECONNRESET)
    public static let timedOut = Errno(ETIMEDOUT)
    public static let inProgress = Errno(EINPROGRESS)
}
