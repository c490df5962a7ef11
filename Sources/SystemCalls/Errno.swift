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
