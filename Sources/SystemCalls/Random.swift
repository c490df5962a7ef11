#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

/// Cryptographic randomness from the kernel.
public enum SystemRandom {
    /// `getrandom(2)` (flags 0: blocks only until the pool is initialised at boot): `count` random bytes.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try result.withUnsafeMutableBytes { raw in
                try valueOrErrno("getrandom") { csystem_getrandom(raw.baseAddress! + filled, count - filled) }
            }
            filled += n
        }
        return result
    }
}
