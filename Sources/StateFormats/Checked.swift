/// Checked conversions for numbers read from files, sockets and the environment: out of range gives nil,
/// never a trap (`Int32(x)` traps on 5000000000; `Int(d)` traps on 1e300 and NaN).
public enum Checked {
    /// `d` as an integer of type `T` when it is a whole number that fits; nil otherwise.
    public static func integer<T: FixedWidthInteger>(_ d: Double, as: T.Type = T.self) -> T? {
        guard d.isFinite, d == d.rounded() else { return nil }
        return T(exactly: d)
    }

    /// `v` as `T` when it fits; nil otherwise.
    public static func integer<T: FixedWidthInteger, U: BinaryInteger>(_ v: U, as: T.Type = T.self) -> T? { T(exactly: v) }

    /// Decimal digits (optional sign) as `T`; nil when malformed or out of range.
    public static func parse<T: FixedWidthInteger>(_ text: Substring, as: T.Type = T.self) -> T? { T(text, radix: 10) }

    /// A finite double within `range`; nil otherwise.
    public static func double(_ d: Double, in range: ClosedRange<Double>) -> Double? {
        d.isFinite && range.contains(d) ? d : nil
    }

    /// a + b, pinned to `T.min`/`T.max` instead of trapping or wrapping.
    public static func add<T: FixedWidthInteger>(_ a: T, _ b: T) -> T {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? (b > 0 ? .max : .min) : r
    }

    /// a − b, pinned to `T.min`/`T.max` instead of trapping or wrapping.
    public static func subtract<T: FixedWidthInteger>(_ a: T, _ b: T) -> T {
        let (r, o) = a.subtractingReportingOverflow(b)
        return o ? (b < 0 ? .max : .min) : r
    }

    /// a · b, pinned to `T.min`/`T.max` instead of trapping or wrapping.
    public static func multiply<T: FixedWidthInteger>(_ a: T, _ b: T) -> T {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? ((a < 0) == (b < 0) ? .max : .min) : r
    }
}
