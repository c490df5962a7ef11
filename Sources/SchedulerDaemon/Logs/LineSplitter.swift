import SystemCalls

/// Splits a job's output stream into lines with bounded memory: a line longer than `maxLine` bytes is cut
/// into pieces, a partial last line is flushed at exit, invalid UTF-8 becomes U+FFFD.
public struct LineSplitter: Sendable {
    public let maxLine: Int
    private var partial: [UInt8] = []

    public init(maxLine: Int = 8 * 1024) { self.maxLine = maxLine; partial.reserveCapacity(256) }

    /// Feeds bytes; calls `emit` with each complete line's bytes (without newline or trailing CR).
    /// Lines inside `bytes` are passed without copying; the pointer is valid only during the call.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        let n = bytes.count
        while start < n {
            // memchr: the byte loop showed up in profiles of a job flooding its output.
            let i = Memory.firstIndex(of: 10, in: bytes, from: start) ?? n
            let room = maxLine - partial.count
            if i - start >= room {
                // Too long: emit a full piece and keep going (the rest continues on a new line).
                finish(UnsafeRawBufferPointer(start: base + start, count: room), emit)
                start += room
                continue
            }
            if i == n { partial.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: n - start)); break }
            finish(UnsafeRawBufferPointer(start: base + start, count: i - start), emit)
            start = i + 1
        }
    }

    /// Feeds bytes; returns the complete lines (without newline) they finish.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var lines: [String] = []
        feed(bytes) { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    public mutating func feed(_ bytes: [UInt8]) -> [String] { bytes.withUnsafeBytes { feed($0) } }

    /// The partial last line, if any (call at end of stream).
    public mutating func flush() -> String? {
        var line: String?
        flush { line = String(decoding: $0, as: UTF8.self) }
        return line
    }

    /// Emits the partial last line, if any (call at end of stream).
    public mutating func flush(_ emit: (UnsafeRawBufferPointer) -> Void) {
        if !partial.isEmpty { finish(UnsafeRawBufferPointer(start: nil, count: 0), emit) }
    }

    /// Emits `piece` joined to what is buffered; the common case (nothing buffered) copies nothing.
    private mutating func finish(_ piece: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        if partial.isEmpty { return emit(Self.trimCR(piece)) }
        partial.append(contentsOf: piece.assumingMemoryBound(to: UInt8.self))
        partial.withUnsafeBytes { emit(Self.trimCR($0)) }
        partial.removeAll(keepingCapacity: partial.capacity <= 16 * 1024)
    }

    /// CRLF output: the CR is not part of the line.
    private static func trimCR(_ p: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let base = p.baseAddress, p.count > 0, p[p.count - 1] == 13 else { return p }
        return UnsafeRawBufferPointer(start: base, count: p.count - 1)
    }
}
