import SchedulerCore  // its contains(_:) on strings: _StringProcessing's would add 1.4 MB to the binary
import SystemCalls

/// Tells whether someone holds a flock on a file without taking it (taking it, even briefly, could make
/// the daemon skip a run that is due at that moment). Linux reads /proc/locks; elsewhere it tries the lock.
public struct LockProbe {
    /// "MAJOR:MINOR:INODE" of every file with a granted FLOCK; nil when /proc/locks can't be read.
    let held: Set<String>?

    public init() {
        guard let bytes = try? FileSystem.readFile("/proc/locks") else { held = nil; return }
        var set = Set<String>()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where !line.contains("->") {
            let f = line.split(separator: " ")
            // "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5325422 0 EOF"
            guard f.count >= 6, f[1] == "FLOCK" else { continue }
            set.insert(String(f[5]))
        }
        held = set
    }

    /// Whether `path` is flock'd by anyone; `status` spares a stat when the caller has it.
    public func isHeld(_ path: String, status: SystemCalls.FileStatus? = nil) -> Bool {
        if let held {
            guard let st = status ?? (try? FileSystem.stat(path)) else { return false }
            return held.contains(LockProbe.key(device: st.device, inode: st.inode))
        }
        guard let lock = try? FileLock(path: path) else { return false }
        defer { try? lock.close() }
        return (try? lock.tryLock()) == false
    }

    /// The kernel's "%02x:%02x:%lu" rendering of a device and inode (glibc's major/minor split).
    static func key(device d: UInt64, inode: UInt64) -> String {
        let major = ((d >> 8) & 0xfff) | ((d >> 32) & ~UInt64(0xfff))
        let minor = (d & 0xff) | ((d >> 12) & ~UInt64(0xff))
        func hex(_ v: UInt64) -> String { let s = String(v, radix: 16); return s.count < 2 ? "0" + s : s }
        return "\(hex(major)):\(hex(minor)):\(inode)"
    }
}
