import StateFormats

/// A small seedable generator (SplitMix64) so tests replay the same jitter.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Delay computations: per-host spread, per-run jitter, retry backoff.
public enum Delays {
    /// 64-bit FNV-1a of the bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Stable delay in [0, spread) for this host and job, like systemd's FixedRandomDelay.
    public static func spread(_ spread: Duration?, host: String, job: String) -> Duration {
        guard let spread, spread.nanoseconds > 0 else { return .zero }
        let h = fnv1a(host + "\u{0}" + job)
        return .nanoseconds(Int64(h % UInt64(spread.nanoseconds)))
    }

    /// Random delay in [0, jitter).
    public static func jitter<R: RandomNumberGenerator>(_ jitter: Duration?, using rng: inout R) -> Duration {
        guard let jitter, jitter.nanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0..<jitter.nanoseconds, using: &rng))
    }

    /// Wait before retry number `n` (1 = first retry): delay·factor^(n-1), capped, plus up to 10% (max 1 s) jitter.
    public static func backoff<R: RandomNumberGenerator>(_ p: RetryPolicy, retry n: Int, using rng: inout R) -> Duration {
        var ns = Double(p.delay.nanoseconds)
        for _ in 1..<max(n, 1) { ns *= p.factor; if ns >= Double(p.maxDelay.nanoseconds) { break } }
        // Checked: a NaN or a cap of Int64.max (whose Double rounds up past it) must not trap.
        let capped = ns.isNaN ? p.maxDelay.nanoseconds : Checked.integer(min(ns, Double(p.maxDelay.nanoseconds)).rounded(.down), as: Int64.self) ?? p.maxDelay.nanoseconds
        let extraCap = min(capped / 10, 1_000_000_000)
        let extra = extraCap > 0 ? Int64.random(in: 0..<extraCap, using: &rng) : 0
        return .nanoseconds(Checked.add(max(capped, 0), extra))
    }
}
