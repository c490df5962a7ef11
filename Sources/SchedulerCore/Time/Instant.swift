import StateFormats

/// A point in real time: nanoseconds since the Unix epoch (UTC). Valid 1677…2262.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    /// Saturating: seconds past the range give the first or last representable instant.
    public init(seconds: Int64) { self.nanoseconds = Checked.multiply(seconds, 1_000_000_000) }
    /// Whole seconds since the epoch, rounded toward negative infinity.
    public var seconds: Int64 {
        nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds + 1) / 1_000_000_000 - 1
    }
    public static func < (a: Self, b: Self) -> Bool { a.nanoseconds < b.nanoseconds }
    // Arithmetic saturates at the ends of the range: "now + a huge timeout" is the end of time, never a
    // wrap into the past (an immediate time-out) or a trap.
    public static func + (a: Self, d: Duration) -> Self { Instant(nanoseconds: Checked.add(a.nanoseconds, d.nanoseconds)) }
    public static func - (a: Self, d: Duration) -> Self { Instant(nanoseconds: Checked.subtract(a.nanoseconds, d.nanoseconds)) }
    public static func - (a: Self, b: Self) -> Duration { .nanoseconds(Checked.subtract(a.nanoseconds, b.nanoseconds)) }
    public var description: String { "Instant(\(seconds)s)" }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating past ±292 years).
    public var nanoseconds: Int64 {
        let (s, atto) = components
        let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return s < 0 ? .min : .max }
        return ns &+ atto / 1_000_000_000
    }
    public var secondsDouble: Double { Double(nanoseconds) / 1e9 }
}

extension Instant {
    /// The latest whole second an `Instant` can hold (2262-04-11T23:47:16Z).
    public static let maxSeconds: Int64 = Int64.max / 1_000_000_000

    /// An instant at whole `seconds`, or nil past the representable range (1677…2262).
    public init?(checkedSeconds seconds: Int64) {
        guard seconds <= Self.maxSeconds, seconds >= -Self.maxSeconds else { return nil }
        self.init(seconds: seconds)
    }
}
