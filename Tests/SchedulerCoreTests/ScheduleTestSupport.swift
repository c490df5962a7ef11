import Testing
@testable import SchedulerCore

/// Helpers shared by the schedule and zone tests.
enum ScheduleTestSupport {
    static func zone(_ name: String) -> TimeZoneRules {
        name == "UTC" ? .utc : try! TimeZoneRules.load(named: name, directory: "/usr/share/zoneinfo")
    }

    static func instant(_ text: String) -> Instant {
        guard let t = RFC3339.parse(text) else { fatalError("bad instant \(text)") }
        return t
    }

    /// The next `count` run times after `after`, formatted in the zone.
    static func times(_ spec: ScheduleSpec, zone name: String, after: String, count: Int = 3) -> [String] {
        let z = zone(name)
        let s = spec.compile(zone: z)
        var t = instant(after)
        var out: [String] = []
        for _ in 0..<count {
            guard let n = s.next(after: t) else { break }
            out.append(RFC3339.format(n, zone: z))
            t = n
        }
        return out
    }

    static func cron(_ text: String) -> ScheduleSpec { try! ScheduleSpec.parseCron(text) }
}
