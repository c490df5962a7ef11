/// Fixed wall-clock times on matching days (`daily`, `weekly`, cron with fixed minute and hour).
///
/// Searches on the wall clock (naive local time), then maps the reading to an instant: a reading in a
/// spring-forward gap runs when the gap ends, one in a fall-back overlap at its first occurrence
/// (Debian cron's behaviour, as cronsim models it).
struct WallClockSchedule: Schedule {
    let search: ReadingSearch
    let zone: TimeZoneRules

    init(days: DayRule, times: MinuteSet, zone: TimeZoneRules) {
        search = ReadingSearch(days: days, times: times); self.zone = zone
    }

    func next(after: Instant) -> Instant? {
        let (local, fold) = zone.wallClock(atUTC: after.seconds)
        var from = local + 1
        // After the second pass of a repeated hour, the readings up to its end already ran (first pass).
        if fold, let end = zone.endOfRepeat(containing: local) { from = max(from, end) }
        let endDay = ReadingSearch.endDay(from: from)
        for _ in 0..<10_000 {
            guard let reading = search.next(from: from, before: endDay), reading < Instant.maxSeconds - 86_400 else { return nil }
            let at = zone.resolve(LocalTime(seconds: reading))
            if at > after { return at }
            from = reading + 60
        }
        return nil
    }
}

/// Finds matching wall-clock readings (naive local seconds, whole minutes): days by `DayRule`,
/// minutes of the day by `MinuteSet`.
struct ReadingSearch: Sendable {
    let days: DayRule
    let times: MinuteSet
    /// First minute of the day in `times`.
    let firstTime: Int

    init(days: DayRule, times: MinuteSet) {
        self.days = days; self.times = times
        firstTime = times.first(atOrAfter: 0) ?? 0
    }

    /// Like cronsim, searches end 50 years on: the first day of the 51st year after `from`'s.
    static func endDay(from: Int64) -> Int64 {
        let (year, _, _) = CivilDate.civil(days: CivilDate.floorDiv(from, 86_400))
        return CivilDate.days(year: year + 51, month: 1, day: 1)
    }

    /// The first matching reading at or after `from` on a day before `endDay`.
    func next(from: Int64, before endDay: Int64) -> Int64? {
        let day = CivilDate.floorDiv(from, 86_400)
        let minute = Int((from - day * 86_400 + 59) / 60)
        if minute < 1440, days.matches(days: day), let t = times.first(atOrAfter: minute) {
            return day * 86_400 + Int64(t) * 60
        }
        guard !times.isEmpty, let d = days.next(from: day + 1, before: endDay) else { return nil }
        return d * 86_400 + Int64(firstTime) * 60
    }
}

extension TimeZoneRules {
    /// When `local` lies in a fall-back overlap, the wall-clock reading where the overlap ends.
    func endOfRepeat(containing local: Int64) -> Int64? {
        var lo = 0, hi = wallSecond.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if wallSecond[mid] <= local { lo = mid + 1 } else { hi = mid }
        }
        let j = lo - 1
        guard j >= 0, local < wallFirst[j], offset(index: j) < offset(index: j - 1) else { return nil }
        return wallFirst[j]
    }
}
