#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Resident memory a long-running process can hand back.
public enum Memory {
    /// `madvise(MADV_DONTNEED)` on every read-only file mapping (program and library code, constants), as
    /// listed in /proc/self/maps. Start-up (config parsing, TOML, first scheduling) touches code the idle
    /// loop never runs again, and the kernel maps it in 64 KiB windows (fault-around); unmapping it costs
    /// only minor faults, from the page cache, for what runs next. Writable mappings are never touched
    /// (their private changes would be lost). Returns the bytes of the ranges advised; 0 where unsupported.
    @discardableResult
    public static func dropReadOnlyFileMappings() -> Int {
        #if os(Linux)
        guard let bytes = try? FileSystem.readFile("/proc/self/maps") else { return 0 }
        var total = 0
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            // "55d0c0a00000-55d0c0b00000 r-xp 00000000 fe:00 1234   /usr/bin/scheduler"
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 6, f[1].hasPrefix("r"), !f[1].contains("w"), f[5].hasPrefix("/"),
                  let dash = f[0].firstIndex(of: "-"),
                  let start = UInt(f[0][..<dash], radix: 16), let end = UInt(f[0][f[0].index(after: dash)...], radix: 16),
                  end > start, let address = UnsafeMutableRawPointer(bitPattern: start) else { continue }
            if madvise(address, Int(end - start), MADV_DONTNEED) == 0 { total += Int(end - start) }
        }
        return total
        #else
        return 0
        #endif
    }
}
