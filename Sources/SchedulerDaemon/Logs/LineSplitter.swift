#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a job's output stream into lines with bounded memory: a line longer than `maxLine` bytes is cut
/// into pieces, a partial last line is flushed at exit, invalid UTF-8 becomes U+FFFD.
public struct LineSplitter: Sendable {
    public let maxLine: Int
    private var partial: [UInt8] = []

    public init(maxLine: Int = 8 * 1024) { self.maxLine = maxLine; partial.reserveCapacity(256) }

    /// Feeds bytes; returns the complete lines (without newline) they finish.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var lines: [String] = []
        var start = 0
        let n = bytes.count
        while start < n {
            // memchr: the byte loop showed up in profiles of a job flooding its output.
            let i = memchr(bytes.baseAddress! + start, 10, n - start).map { UnsafeRawPointer($0) - bytes.baseAddress! } ?? n
            let room = maxLine - partial.count
            if i - start >= room {
                // Too long: emit a full piece and keep going (the rest continues on a new line).
                partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<start + room]))
                lines.append(take())
                start += room
                continue
            }
            partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<i]))
            if i == n { break }
            lines.append(take())
            start = i + 1
        }
        return lines
    }

    public mutating func feed(_ bytes: [UInt8]) -> [String] { bytes.withUnsafeBytes { feed($0) } }

    /// The partial last line, if any (call at end of stream).
    public mutating func flush() -> String? { partial.isEmpty ? nil : take() }

    private mutating func take() -> String {
        var end = partial.count
        if end > 0, partial[end - 1] == 13 { end -= 1 }  // CRLF output
        let s = String(decoding: partial[..<end], as: UTF8.self)
        partial.removeAll(keepingCapacity: partial.capacity <= 16 * 1024)
        return s
    }
}
