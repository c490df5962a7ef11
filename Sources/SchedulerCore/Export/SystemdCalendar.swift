/// Schedules as systemd timer settings (`OnCalendar=`, or `OnBootSec=` for @reboot).
enum SystemdCalendar {
    static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// The `[Timer]` lines that start the job; `zone` (IANA) is appended to each calendar spec.
    static func lines(_ spec: ScheduleSpec, zone: String?) -> [String] {
        let suffix = zone.map { " " + $0 } ?? ""
        switch spec {
        case .hourly(let m): return ["OnCalendar=*-*-* *:\(two(m)):00" + suffix]
        case .daily(let minutes): return minutes.map { "OnCalendar=*-*-* \(two($0 / 60)):\(two($0 % 60)):00" + suffix }
        case .weekly(let days, let minutes):
            let d = days.map { dayNames[$0 % 7] }.joined(separator: ",")
            return minutes.map { "OnCalendar=\(d) *-*-* \(two($0 / 60)):\(two($0 % 60)):00" + suffix }
        case .every(let interval, let offset): return every(interval, offset, suffix: suffix)
        case .cron(let text):
            guard let c = try? CronExpression.parse(text) else { return ["# schedule cron = \"\(text)\" can't be read"] }
            if c.reboot { return ["# @reboot: once when the user's service manager starts", "OnStartupSec=0"] }
            return cron(c).map { "OnCalendar=" + $0 + suffix }
        }
    }

    /// Debian cron ORs the two day fields when neither starts with `*`; systemd ANDs them: one spec each then.
    static func cron(_ c: CronExpression) -> [String] {
        let time = " " + list(UInt64(c.hours), 0...23) + ":" + list(c.minutes, 0...59) + ":00"
        let month = list(UInt64(c.months), 1...12)
        let dom = list(UInt64(c.daysOfMonth), 1...31)
        let dow = (0...6).filter { c.daysOfWeek & (1 << UInt8($0)) != 0 }.map { dayNames[$0] }.joined(separator: ",")
        let allDays = c.daysOfWeek == 0x7F
        if c.daysMustMatchBoth {
            return [(allDays ? "" : dow + " ") + "*-\(month)-\(dom)" + time]
        }
        return ["*-\(month)-\(dom)" + time, dow + " *-\(month)-*" + time]
    }

    /// `*` when every value in `range` is set, else the values as a comma list.
    static func list(_ bits: UInt64, _ range: ClosedRange<Int>) -> String {
        let values = range.filter { bits & (1 << UInt64($0)) != 0 }
        return values.count == range.count ? "*" : values.map(two).joined(separator: ",")
    }

    private static func every(_ interval: Duration, _ offset: Duration, suffix: String) -> [String] {
        let i = interval.nanoseconds / 1_000_000_000, o = offset.nanoseconds / 1_000_000_000
        let whole = interval.nanoseconds % 1_000_000_000 == 0 && offset.nanoseconds % 1_000_000_000 == 0
        if whole, i < 60, 60 % i == 0 { return ["OnCalendar=*-*-* *:*:\(two(Int(o)))/\(i)" + suffix] }
        if whole, i < 3600, 3600 % i == 0, i % 60 == 0 {
            return ["OnCalendar=*-*-* *:\(two(Int(o / 60)))/\(i / 60):\(two(Int(o % 60)))" + suffix]
        }
        if whole, i <= 86400, 86400 % i == 0, i % 3600 == 0 {
            return ["OnCalendar=*-*-* \(two(Int(o / 3600)))/\(i / 3600):\(two(Int(o / 60 % 60))):\(two(Int(o % 60)))" + suffix]
        }
        let text = DurationSyntax.format(interval)
        return ["# every = \"\(text)\" does not divide a day: runs are spaced from the last start instead of aligned",
                "OnActiveSec=\(ExportText.seconds(offset))", "OnUnitActiveSec=\(ExportText.seconds(interval))"]
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
