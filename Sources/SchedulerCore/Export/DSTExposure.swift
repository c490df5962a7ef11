/// Where a job's clock times meet its zone's clock changes, for the systemd export's comments. Only times
/// that really fall in a gap or an overlap are reported: systemd skips a time a gap removes (scheduler
/// runs it when the gap ends) and does not run the readings of a repeated hour twice (scheduler runs
/// real-time schedules in both passes); see "Daylight saving time" in scheduler.toml(5).
enum DSTExposure {
    /// The readings a schedule runs at: minutes of the day, on the days of `days`. `realTime`: a minute
    /// or hour field with `*` (hourly, `*/15 * * * *`), which runs at every matching reading.
    struct Pattern {
        var minutes: [Int]
        var days: DayRule
        var realTime: Bool
    }

    /// How far ahead clock changes are looked at.
    static let years: Int64 = 10

    static func pattern(_ spec: ScheduleSpec) -> Pattern? {
        switch spec {
        case .daily(let minutes): return Pattern(minutes: minutes, days: .everyDay, realTime: false)
        case .weekly(let days, let minutes):
            let bits = days.reduce(UInt8(0)) { $0 | UInt8(1) << UInt8($1 % 7) }
            return Pattern(minutes: minutes, days: DayRule(months: 0x1FFE, daysOfMonth: 0, daysOfWeek: bits, both: false), realTime: false)
        case .hourly(let m): return Pattern(minutes: (0..<24).map { $0 * 60 + m }, days: .everyDay, realTime: true)
        case .cron(let text):
            guard let c = try? CronExpression.parse(text), !c.reboot else { return nil }
            var minutes: [Int] = []
            for h in 0..<24 where c.hours & (UInt32(1) << UInt32(h)) != 0 {
                for m in 0..<60 where c.minutes & (UInt64(1) << UInt64(m)) != 0 { minutes.append(h * 60 + m) }
            }
            return Pattern(minutes: minutes, days: c.dayRule, realTime: !c.isWallClock)
        case .every: return nil
        }
    }

    /// Comment lines (without `# `) for the first gap and the first overlap from `from` on that hit the
    /// schedule's times, saying what scheduler and systemd each do there. Empty when none does.
    static func comments(_ spec: ScheduleSpec, zone: TimeZoneRules, from: Instant) -> [String] {
        guard let p = pattern(spec) else { return [] }
        let end = from.seconds + years * 31_557_600
        var out: [String] = [], gapSeen = false, overlapSeen = false
        for i in zone.changes.indices where zone.changes[i] >= from.seconds && zone.changes[i] < end {
            let t = zone.changes[i], before = zone.offset(index: i - 1), after = zone.offset(index: i)
            let gap = after > before
            guard gap ? !gapSeen : !overlapSeen else { continue }
            let lo = t + min(before, after), hi = t + max(before, after)
            let hits = readings(p, from: lo, to: hi)
            guard let first = hits.first else { continue }
            if gap { gapSeen = true } else { overlapSeen = true }
            if let line = describe(p, gap: gap, hits: hits, lo: lo, hi: hi, zone: zone.name, day: first) { out.append(line) }
            if gapSeen && overlapSeen { break }
        }
        return out
    }

    /// The schedule's readings in `[lo, hi)` (local seconds).
    static func readings(_ p: Pattern, from lo: Int64, to hi: Int64) -> [LocalTime] {
        var out: [LocalTime] = []
        for day in CivilDate.floorDiv(lo, 86_400)...CivilDate.floorDiv(hi - 1, 86_400) where p.days.matches(days: day) {
            for m in p.minutes {
                let r = day * 86_400 + Int64(m) * 60
                if r >= lo && r < hi { out.append(LocalTime(seconds: r)) }
            }
        }
        return out
    }

    private static func describe(_ p: Pattern, gap: Bool, hits: [LocalTime], lo: Int64, hi: Int64, zone: String, day: LocalTime) -> String? {
        let date = String(day.description.prefix(10))
        let shown = hits.prefix(4).map(hhmm).joined(separator: ", ") + (hits.count > 4 ? ", …" : "")
        let from = hhmm(LocalTime(seconds: gap ? lo : hi)), to = hhmm(LocalTime(seconds: gap ? hi : lo))
        let change = "on \(date) \(zone) moves its clocks from \(from) to \(to)"
        if gap {
            // Real-time schedules: the skipped readings never occur, for systemd either.
            guard !p.realTime else { return nil }
            let one = hits.count == 1
            return "DST: \(change), so \(shown) \(one ? "does" : "do") not exist: scheduler runs \(one ? "it" : "them once") at \(to), "
                + "systemd skips \(one ? "it" : "them") that day."
        }
        if p.realTime {
            return "DST: \(change): scheduler runs \(shown) in both passes of the repeated time, systemd once at most."
        }
        return "DST: \(change), so \(shown) \(hits.count == 1 ? "comes" : "come") twice: scheduler runs each once, at the first; "
            + "systemd also once."
    }

    /// The rules of a job's zone: its `timezone`, else `system`; nil when the zone can't be loaded.
    static func zone(_ job: Job, system: TimeZoneRules?) -> TimeZoneRules? {
        guard let name = job.timezone else { return system }
        return try? TimeZoneRules.load(named: name)
    }

    static func hhmm(_ t: LocalTime) -> String { "\(SystemdCalendar.two(t.hour)):\(SystemdCalendar.two(t.minute))" }

    /// `every` counts elapsed time, so in the time a fall-back repeats it runs again at the readings it ran
    /// at in the first pass; systemd's OnCalendar= runs a reading once at most. Nil when no slot falls there.
    static func everyOverlap(_ spec: ScheduleSpec, zone: TimeZoneRules, from: Instant) -> String? {
        guard case .every = spec else { return nil }
        let end = from.seconds + years * 31_557_600, schedule = spec.compile(zone: zone)
        for i in zone.changes.indices where zone.changes[i] >= from.seconds && zone.changes[i] < end {
            let t = zone.changes[i], before = zone.offset(index: i - 1), after = zone.offset(index: i)
            guard after < before else { continue }
            // Readings of the first pass (UTC [t - d, t)) that come again in the second ([t, t + d)).
            let d = before - after
            var firstPass: [Int64] = [], hits: [LocalTime] = [], at = Instant(seconds: t - d) - .nanoseconds(1)
            while hits.count < 5, let next = schedule.next(after: at), next.seconds < t + d {
                let reading = zone.localTime(at: next)
                if next.seconds < t { firstPass.append(reading.seconds) } else if firstPass.contains(reading.seconds) { hits.append(reading) }
                at = next
            }
            guard let first = hits.first else { continue }
            let shown = hits.prefix(4).map(hhmm).joined(separator: ", ") + (hits.count > 4 ? ", …" : "")
            let change = "on \(String(first.description.prefix(10))) \(zone.name) moves its clocks from "
                + "\(hhmm(LocalTime(seconds: t + before))) to \(hhmm(LocalTime(seconds: t + after)))"
            return "DST: \(change): every counts elapsed time, so scheduler runs \(shown) again in the repeated time, "
                + "systemd once at most."
        }
        return nil
    }

    /// `every` slots count from standard time: in summer time they sit one DST shift later on the clock
    /// than the OnCalendar= times, unless the interval divides the shift.
    static func everyShift(_ spec: ScheduleSpec, zone: TimeZoneRules, from: Instant, these: String = "these times") -> String? {
        guard case .every(let interval, _) = spec else { return nil }
        let end = from.seconds + years * 31_557_600
        let shifts = zone.changes.indices.filter { zone.changes[$0] >= from.seconds && zone.changes[$0] < end }
            .map { abs(zone.offset(index: $0) - zone.offset(index: $0 - 1)) }
        let seconds = interval.nanoseconds / 1_000_000_000
        guard let shift = shifts.first(where: { seconds > 0 && $0 % seconds != 0 }) else { return nil }
        return "every counts from standard time: while \(zone.name) is \(shift / 60) minutes ahead of it (summer time), "
            + "scheduler runs \(shift / 60) minutes later on the clock than \(these)."
    }
}
