/// The longest value each duration key accepts (scheduler.toml(5), DURATION LIMITS). Each is far beyond
/// real use and far inside the ±292 years an `Instant` spans, so now + any of them can't overflow; beyond
/// them a value is a typo ("15000w") or an attempt at "never" that would wrap into "at once".
public enum DurationLimits {
    public static let day: Int64 = 86_400

    /// Key → its maximum. Keys not listed get `fallback`.
    public static let maximum: [String: Duration] = [
        "every": .seconds(366 * day),
        "timeout": .seconds(365 * day),
        "jitter": .seconds(7 * day),
        "spread": .seconds(7 * day),
        "kill_grace": .seconds(3600),
        "shutdown_grace": .seconds(3600),
        "hook_timeout": .seconds(3600),
        "history_keep": .seconds(3650 * day),
        "delay": .seconds(7 * day),
        "max_delay": .seconds(30 * day),
    ]
    public static let fallback: Duration = .seconds(366 * day)

    /// The maximum for `key`.
    public static func maximum(for key: String) -> Duration { maximum[key] ?? fallback }

    /// What to suggest past the maximum.
    static func hint(for key: String) -> String {
        let limit = "write at most \"\(DurationSyntax.format(maximum(for: key)))\""
        switch key {
        case "timeout": return limit + ", or timeout = \"none\" for no timeout"
        case "every": return limit + "; for rarer runs use cron = \"…\" with a month or day of month"
        default: return limit + " (limits: DURATION LIMITS in scheduler.toml(5))"
        }
    }
}
