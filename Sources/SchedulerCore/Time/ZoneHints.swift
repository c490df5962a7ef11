/// Hints for zone names people write that are not IANA names: abbreviations (`JST`) and fixed offsets
/// (`UTC+9`). Suggestions never name the legacy zones without a slash (`EST`, `MST`, `PRC` …): they
/// exist in tzdata but are rarely what was meant.
public enum ZoneHints {
    /// Common abbreviations and the zones that use them (several when the abbreviation is ambiguous).
    static let abbreviations: [String: [String]] = [
        "JST": ["Asia/Tokyo"], "KST": ["Asia/Seoul"], "IST": ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
        "PST": ["America/Los_Angeles"], "PDT": ["America/Los_Angeles"], "MDT": ["America/Denver"],
        "CST": ["America/Chicago", "Asia/Shanghai"], "CDT": ["America/Chicago"], "EDT": ["America/New_York"],
        "AKST": ["America/Anchorage"], "AKDT": ["America/Anchorage"], "HDT": ["America/Adak"],
        "BST": ["Europe/London"], "CEST": ["Europe/Berlin"], "EEST": ["Europe/Athens"], "WEST": ["Europe/Lisbon"],
        "MSK": ["Europe/Moscow"], "AEST": ["Australia/Sydney"], "AEDT": ["Australia/Sydney"], "ACST": ["Australia/Adelaide"],
        "AWST": ["Australia/Perth"], "NZST": ["Pacific/Auckland"], "NZDT": ["Pacific/Auckland"], "HKT": ["Asia/Hong_Kong"],
        "SGT": ["Asia/Singapore"], "ICT": ["Asia/Bangkok"], "WIB": ["Asia/Jakarta"], "PHT": ["Asia/Manila"],
        "BRT": ["America/Sao_Paulo"], "ART": ["America/Argentina/Buenos_Aires"], "SAST": ["Africa/Johannesburg"],
        "CAT": ["Africa/Maputo"], "EAT": ["Africa/Nairobi"], "WAT": ["Africa/Lagos"], "PKT": ["Asia/Karachi"],
    ]

    /// The hint for an unknown zone name, or nil when none of these rules applies.
    static func hint(for name: String) -> String? {
        if let zones = abbreviations[name.uppercased()] {
            let list = zones.map { "'\($0)'" }
            let options = list.count == 1 ? list[0] : list.dropLast().joined(separator: ", ") + " or " + list.last!
            return "'\(name)' is an abbreviation, not a zone: did you mean \(options)?"
        }
        return offsetHint(name)
    }

    /// `UTC+9`, `GMT-05:00`, `UTC+5:30`: the Etc zone of a whole-hour offset (Etc names invert the sign).
    public static func offsetHint(_ name: String) -> String? {
        let upper = name.uppercased()
        guard upper.hasPrefix("UTC") || upper.hasPrefix("GMT"), let sign = upper.dropFirst(3).first, sign == "+" || sign == "-" else { return nil }
        let parts = upper.dropFirst(4).split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let hours = Int(parts[0]), parts[0].count <= 2,
              parts.count == 1 || (parts[1].count == 2 && Int(parts[1]) != nil) else { return nil }
        let minutes = parts.count == 2 ? Int(parts[1])! : 0
        if minutes != 0 || hours > (sign == "+" ? 14 : 12) {
            return "no zone has the fixed offset \(name); use the city zone of the place, e.g. \"Asia/Kolkata\" for UTC+5:30"
        }
        if hours == 0 { return "did you mean 'UTC'?" }
        let etc = "Etc/GMT" + (sign == "+" ? "-" : "+") + String(hours)
        return "did you mean '\(etc)' (UTC\(sign)\(hours) all year; Etc names invert the sign)? A city zone such as "
            + "\"Asia/Tokyo\" also follows the place's daylight saving time"
    }

    /// Names suggestions may use: with a slash (Region/City), or UTC.
    static func suggestable(_ name: String) -> Bool { name == "UTC" || name.contains(where: { $0 == "/" }) }
}
