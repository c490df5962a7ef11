import SchedulerCore

/// Appends job output to a log batch as bytes: no String or `LogLine` per line on the hot path.
enum LogBytes {
    /// Appends `prefix`, the line (invalid UTF-8 replaced by U+FFFD) and a newline.
    static func appendLine(_ line: UnsafeRawBufferPointer, prefix: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: prefix)
        if isASCII(line) {
            out.append(contentsOf: line.assumingMemoryBound(to: UInt8.self))
        } else {
            out.append(contentsOf: String(decoding: line, as: UTF8.self).utf8)
        }
        out.append(0x0A)
    }

    /// True when every byte is below 0x80 (then the line is valid UTF-8 as is); eight bytes at a time.
    static func isASCII(_ p: UnsafeRawBufferPointer) -> Bool {
        guard let base = p.baseAddress else { return true }
        let n = p.count
        var i = 0
        while i + 8 <= n {
            if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if base.load(fromByteOffset: i, as: UInt8.self) >= 0x80 { return false }
            i += 1
        }
        return true
    }
}

/// The last `capacity` lines of a run's output, for hooks and mail: O(1) per line, bounded memory.
struct OutputTail: Sendable {
    let capacity: Int
    private var ring: [String] = []
    private var next = 0

    init(capacity: Int) { self.capacity = max(capacity, 1) }

    mutating func append(_ line: String) {
        if ring.count < capacity { ring.append(line) } else { ring[next] = line }
        next = (next + 1) % capacity
    }

    /// Oldest first.
    var lines: [String] { ring.count < capacity ? ring : Array(ring[next...] + ring[..<next]) }
}
