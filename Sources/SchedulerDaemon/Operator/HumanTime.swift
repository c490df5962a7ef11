import SchedulerCore

/// Times and durations for people: local clock readings, "3m12s", "in 5m", "2h ago".
public enum HumanTime {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// "Sun 2026-11-29 03:30:00" in `zone`.
    public static func local(_ t: Instant, zone: TimeZoneRules) -> String {
        let l = zone.localTime(at: t)
        let text = l.description.replacingT()
        return weekdays[CivilDate.weekday(days: l.days)] + " " + text
    }

    /// "850ms", "45s", "3m12s", "2h5m", "3d4h" (two units at most).
    public static func duration(_ d: Duration) -> String {
        let ns = max(d.nanoseconds, 0)
        let whole = ns % 1_000_000_000 == 0  // from whole-second timestamps: no false precision
        if ns < 1_000_000_000, !whole { return "\(ns / 1_000_000)ms" }
        if ns < 10_000_000_000, !whole {
            let tenths = ns / 100_000_000
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let s = ns / 1_000_000_000
        switch s {
        case ..<60: return "\(s)s"
        case ..<3600: return "\(s / 60)m" + (s % 60 > 0 ? "\(s % 60)s" : "")
        case ..<86400: return "\(s / 3600)h" + (s / 60 % 60 > 0 ? "\(s / 60 % 60)m" : "")
        default: return "\(s / 86400)d" + (s / 3600 % 24 > 0 ? "\(s / 3600 % 24)h" : "")
        }
    }

    /// "in 5m12s" or "2h ago" (whole seconds).
    public static func relative(_ t: Instant, now: Instant) -> String {
        let d = t - now
        let whole: (Duration) -> Duration = { .seconds($0.nanoseconds / 1_000_000_000) }
        if d >= .zero { return "in " + duration(whole(d) < .seconds(10) ? d : whole(d)) }
        let back = now - t
        return duration(whole(back) < .seconds(10) ? back : whole(back)) + " ago"
    }
}

extension String {
    /// "2026-11-29T03:30:00" → "2026-11-29 03:30:00".
    fileprivate func replacingT() -> String { String(map { $0 == "T" ? " " : $0 }) }
}
