/// Cron expressions whose minute or hour field starts with `*` (`*/15 * * * *`, `0 * * * *`,
/// `* 3 * * *`): they follow real time. A run is due at every real instant whose wall-clock reading
/// matches, as when Debian cron checks each minute: both passes of a repeated hour match, and the
/// readings a gap skips never occur.
///
/// Searches one stretch of constant UTC offset at a time: within it, real time and the wall clock
/// move together, so the wall-clock bitset search applies directly.
struct RealTimeCronSchedule: Schedule {
    let search: ReadingSearch
    let zone: TimeZoneRules

    init(cron: CronExpression, zone: TimeZoneRules) {
        search = ReadingSearch(days: cron.dayRule, times: MinuteSet(hours: cron.hours, minutes: cron.minutes))
        self.zone = zone
    }

    func next(after: Instant) -> Instant? {
        var u = after.seconds + 1
        let endDay = ReadingSearch.endDay(from: zone.localTime(at: Instant(seconds: u)).seconds)
        for _ in 0..<10_000 {
            let i = zone.changeIndex(atUTC: u)
            let offset = zone.offset(index: i)
            let stretchEnd = i + 1 < zone.changes.count ? zone.changes[i + 1] : Int64.max
            guard let reading = search.next(from: u + offset, before: endDay) else { return nil }
            let t = reading - offset
            if t < stretchEnd { return Instant(checkedSeconds: t) }
            u = stretchEnd
        }
        return nil
    }
}

/// `@reboot`: no time of day; the daemon runs it once per boot.
struct RebootSchedule: Schedule {
    func next(after: Instant) -> Instant? { nil }
}

/// Never fires (a spec that failed to compile; parsing rejects such specs first).
struct NeverSchedule: Schedule {
    func next(after: Instant) -> Instant? { nil }
}
