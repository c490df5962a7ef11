#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// Read-only file mappings (program and library code, constants) whose resident pages a long-sleeping
/// process can hand back with `madvise(MADV_DONTNEED)`. Each wake-up runs code spread over the binary, and
/// the kernel maps it in 64 KiB windows (fault-around), so a daemon that did a little work keeps megabytes
/// of code resident while it sleeps. Unmapping costs only minor faults, from the page cache, at the next
/// wake. Mappings with private changes are never chosen: writable data, and RELRO (read-only now but
/// relocated at start: its pages would come back unrelocated).
public struct ReadOnlyMappings {
    /// The /proc/self/maps lines (fields joined by one space) of the chosen mappings.
    private var lines: Set<String> = []

    /// Chooses the mappings once, from /proc/self/smaps (which shows private changes; slower to read).
    public init() {
        #if os(Linux)
        guard let bytes = try? FileSystem.readFile("/proc/self/smaps") else { return }
        var candidate: String?
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = f.first, first.contains("-"), f.count >= 5 {
                candidate = Self.range(f) != nil && f.count >= 6 && f[1].hasPrefix("r") && !f[1].contains("w") && f[5].hasPrefix("/")
                    ? f.joined(separator: " ") : nil
            } else if f.first == "Anonymous:", let c = candidate {
                candidate = nil
                if f.count >= 2, f[1] == "0" { lines.insert(c) }
            }
        }
        #endif
    }

    public var isEmpty: Bool { lines.isEmpty }

    /// Drops the resident pages of the chosen mappings still mapped as they were (checked in /proc/self/maps,
    /// so a range reused by something else is never touched). Returns the bytes advised.
    @discardableResult
    public func drop() -> Int {
        #if os(Linux)
        guard !lines.isEmpty, let bytes = try? FileSystem.readFile("/proc/self/maps") else { return 0 }
        var total = 0
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 6, lines.contains(f.joined(separator: " ")), let (start, end) = Self.range(f),
                  let address = UnsafeMutableRawPointer(bitPattern: start) else { continue }
            if madvise(address, Int(end - start), MADV_DONTNEED) == 0 { total += Int(end - start) }
        }
        return total
        #else
        return 0
        #endif
    }

    /// "55d0c0a00000-55d0c0b00000" → (start, end).
    private static func range(_ fields: [Substring]) -> (UInt, UInt)? {
        guard let first = fields.first, let dash = first.firstIndex(of: "-"),
              let start = UInt(first[..<dash], radix: 16), let end = UInt(first[first.index(after: dash)...], radix: 16),
              end > start else { return nil }
        return (start, end)
    }
}

public enum Memory {
    /// `malloc_trim(0)` (glibc): returns the free pages of every malloc arena to the kernel.
    public static func releaseFreeHeap() {
        _ = csystem_malloc_trim()
    }

    /// Resets the peak resident size (VmHWM) to the current one: writes "5" to /proc/self/clear_refs
    /// (Linux 4.0+). A child started with posix_spawn shares our memory until it execs, so its `ru_maxrss`
    /// starts at our peak; after this, at our current size.
    public static func resetPeakResidentSize() {
        #if os(Linux)
        guard let fd = try? FileDescriptor.open("/proc/self/clear_refs", .writeOnly) else { return }
        try? fd.write(all: [UInt8(ascii: "5")])
        try? fd.close()
        #endif
    }
}
