/// SHA-256 (FIPS 180-4), for SCRAM-SHA-256. Written here: the project links no crypto library.
public struct SHA256 {
    public static let blockSize = 64
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    var pending: [UInt8] = []
    var length: UInt64 = 0

    public init() { pending.reserveCapacity(64) }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(bytes)
        return h.finish()
    }

    public mutating func update(_ bytes: [UInt8]) {
        length &+= UInt64(bytes.count)
        var index = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending += bytes[0..<take]
            index = take
            if pending.count == 64 { compress(pending[...]); pending.removeAll(keepingCapacity: true) }
        }
        while bytes.count - index >= 64 {
            compress(bytes[index..<index + 64])
            index += 64
        }
        pending += bytes[index...]
    }

    public mutating func finish() -> [UInt8] {
        let bits = length &* 8
        var tail: [UInt8] = [0x80]
        tail += [UInt8](repeating: 0, count: (119 - pending.count) % 64)
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        let saved = length
        update(tail)
        length = saved
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in state { for shift in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) } }
        return out
    }

    @inline(__always) static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// One 64-byte block. Unsafe buffers, no allocation: PBKDF2 runs this 8,192 times per SCRAM login.
    mutating func compress(_ block: ArraySlice<UInt8>) {
        block.withUnsafeBytes { bytes in
            state.withUnsafeMutableBufferPointer { h in Self.compress(h, bytes) }
        }
    }

    /// The compression function on `state` (8 words) and one 64-byte block.
    static func compress(_ state: UnsafeMutableBufferPointer<UInt32>, _ bytes: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 { w[t] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self)) }
            for t in 16..<64 {
                let a = w[t - 15], b = w[t - 2]
                let s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >> 3)
                let s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            k.withUnsafeBufferPointer { k in rounds(state, k, w) }
        }
    }

    static func rounds(_ state: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>, _ w: UnsafeMutableBufferPointer<UInt32>) {
        var a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7]
        for t in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let t1 = h &+ s1 &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let t2 = s0 &+ ((a & b) ^ (a & c) ^ (b & c))
            h = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
    }
}

/// HMAC-SHA-256 (RFC 2104/4231).
public struct HMACSHA256 {
    var inner: SHA256
    var outer: SHA256

    public init(key: [UInt8]) {
        var k = key.count > SHA256.blockSize ? SHA256.hash(key) : key
        k += [UInt8](repeating: 0, count: SHA256.blockSize - k.count)
        inner = SHA256()
        inner.update(k.map { $0 ^ 0x36 })
        outer = SHA256()
        outer.update(k.map { $0 ^ 0x5c })
    }

    /// The MAC of `message` under this key (the keyed states are reused: PBKDF2 calls this in a loop).
    public func authenticate(_ message: [UInt8]) -> [UInt8] {
        var i = inner
        i.update(message)
        var o = outer
        o.update(i.finish())
        return o.finish()
    }

    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        HMACSHA256(key: key).authenticate(message)
    }
}

/// PBKDF2 with HMAC-SHA-256 (RFC 8018; vectors from RFC 7914 §11).
public enum PBKDF2 {
    public static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        let mac = HMACSHA256(key: password)
        var output: [UInt8] = []
        var blockIndex: UInt32 = 1
        while output.count < length {
            let u1 = mac.authenticate(salt + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: blockIndex >> UInt32($0)) })
            output += iterate(mac, u1, iterations)
            blockIndex += 1
        }
        return Array(output.prefix(length))
    }

    /// U2 … Uc XORed into U1. Each U is the HMAC of a 32-byte message, so both hashes are one compression of a
    /// fixed padded block from the saved keyed states: no allocation in the loop (the server picks c).
    static func iterate(_ mac: HMACSHA256, _ u1: [UInt8], _ iterations: Int) -> [UInt8] {
        var t = u1
        // 32 bytes of message, 0x80, zeros, then the bit length of key block + message: (64 + 32) * 8 = 768.
        var block = u1 + [0x80] + [UInt8](repeating: 0, count: 29) + [0x03, 0x00]
        let inner = mac.inner.state, outer = mac.outer.state
        var h = [UInt32](repeating: 0, count: 8)
        for _ in 1..<max(iterations, 1) {
            h = inner
            block.withUnsafeBytes { b in h.withUnsafeMutableBufferPointer { SHA256.compress($0, b) } }
            for i in 0..<8 { block.withUnsafeMutableBytes { $0.storeBytes(of: h[i].bigEndian, toByteOffset: i * 4, as: UInt32.self) } }
            h = outer
            block.withUnsafeBytes { b in h.withUnsafeMutableBufferPointer { SHA256.compress($0, b) } }
            for i in 0..<8 { block.withUnsafeMutableBytes { $0.storeBytes(of: h[i].bigEndian, toByteOffset: i * 4, as: UInt32.self) } }
            for j in 0..<32 { t[j] ^= block[j] }
        }
        return t
    }
}
