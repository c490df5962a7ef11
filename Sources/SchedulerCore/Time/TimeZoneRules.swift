/// A time zone's rules: UTC offsets over time, from a TZif file (or fixed UTC).
/// (Skeleton: the schedules issue implements the TZif reader.)
public final class TimeZoneRules: Sendable {
    /// The IANA name ("Europe/Berlin"), or "UTC".
    public let name: String
    init(name: String) { self.name = name }

    public static let utc = TimeZoneRules(name: "UTC")

    /// Loads a named zone from `$TZDIR` or /usr/share/zoneinfo.
    public static func load(named name: String) throws(TimeZoneError) -> TimeZoneRules {
        throw TimeZoneError(message: "unknown time zone '\(name)'")
    }
    /// The system zone: `$TZ`, else /etc/localtime, else UTC.
    public static func system() -> TimeZoneRules { .utc }
    /// Every zone name available, for did-you-mean hints.
    public static func knownNames() -> [String] { [] }
    /// UTC offset in seconds at `instant`.
    public func offset(at instant: Instant) -> Int { 0 }
}

public struct TimeZoneError: Error, Sendable, Equatable {
    public var message: String
    public var hint: String?
    public init(message: String, hint: String? = nil) { self.message = message; self.hint = hint }
}
