/// Cron expressions whose minute or hour field starts with `*` (`*/15 * * * *`, `0 * * * *`): they follow
/// real time, so a DST change neither skips nor repeats a real minute's check.
///
/// This reproduces cronsim's forward search step for step (its hour and minute steps advance real
/// time, its day steps jump to local midnight), because that is the reference behaviour, quirks
/// included. Each step is a bitset jump when no offset change lies in its way, else the literal
/// tick-by-tick walk.
struct RealTimeCronSchedule: Schedule {
    let cron: CronExpression
    let days: DayRule
    let zone: TimeZoneRules
    /// The only minute, when the minute field has exactly one.
    let singleMinute: Int?

    init(cron: CronExpression, zone: TimeZoneRules) {
        self.cron = cron; self.zone = zone; days = cron.dayRule
        singleMinute = cron.minutes.nonzeroBitCount == 1 ? cron.minutes.trailingZeroBitCount : nil
    }

    /// A wall-clock reading and PEP 495 fold, as a Python `datetime` holds it.
    struct Reading { var local: Int64; var fold: Bool }

    func next(after: Instant) -> Instant? {
        var start = after.seconds + 1
        for _ in 0..<8 {
            guard let r = search(fromUTC: start) else { return nil }
            if r > after.seconds { return Instant(checkedSeconds: r) }
            start = max(start, r) + 60   // only after odd steps back in time; never seen in real zones
        }
        return nil
    }

    /// cronsim's `advance()`: returns the UTC second of the first match at or after `u0`.
    func search(fromUTC u0: Int64) -> Int64? {
        var dt = reading(atUTC: u0)
        let (year, _, _) = CivilDate.civil(days: CivilDate.floorDiv(dt.local, 86_400))
        let endDay = CivilDate.days(year: year + 51, month: 1, day: 1)
        for _ in 0..<10_000 {
            let day = CivilDate.floorDiv(dt.local, 86_400)
            guard day < endDay else { return nil }
            if !days.matches(days: day) {
                guard let d = days.next(from: day + 1, before: endDay) else { return nil }
                dt = Reading(local: d * 86_400, fold: false)
                continue
            }
            let sod = Int(dt.local - day * 86_400)
            if cron.hours & (1 << UInt32(sod / 3600)) == 0 {
                advanceHour(&dt, dayStart: day * 86_400, hour: sod / 3600)
            } else if cron.minutes & (1 << UInt64(sod / 60 % 60)) == 0 {
                advanceMinute(&dt, secondOfDay: sod)
            } else if sod % 60 != 0 {
                tick(&dt, Int64(60 - sod % 60))
                while (dt.local % 60 + 60) % 60 != 0 { tick(&dt, 1) }
            } else {
                return zone.utc(local: dt.local, fold: dt.fold)
            }
        }
        return nil
    }

    /// Hour not wanted: to the top of the hour, then hour by hour (real time) to a wanted hour or to 00.
    private func advanceHour(_ dt: inout Reading, dayStart: Int64, hour h: Int) {
        dt.local = dayStart + Int64(h) * 3600
        let later = cron.hours >> UInt32(h + 1)
        let steps = later == 0 ? 24 - h : later.trailingZeroBitCount + 1
        if jump(&dt, by: Int64(steps) * 3600) { return }
        repeat { tick(&dt, 3600) } while cron.hours & (1 << UInt32(hourOf(dt))) == 0 && hourOf(dt) != 0
    }

    /// Minute not wanted: to the top of the minute, then to a wanted minute (or to :00) in real time.
    private func advanceMinute(_ dt: inout Reading, secondOfDay sod: Int) {
        dt.local -= Int64(sod % 60)
        let m = sod / 60 % 60
        var steps: Int
        if let target = singleMinute {
            steps = ((target - m) % 60 + 60) % 60
        } else {
            let later = cron.minutes >> UInt64(m + 1)
            steps = later == 0 ? 60 - m : later.trailingZeroBitCount + 1
        }
        if jump(&dt, by: Int64(steps) * 60) { return }
        if singleMinute != nil { tick(&dt, Int64(steps) * 60) }
        while cron.minutes & (1 << UInt64(minuteOf(dt))) == 0 {
            tick(&dt, 60)
            if minuteOf(dt) == 0 { break }
        }
    }

    /// Moves `seconds` of real time at once when that is what ticking would do: the reading is a real
    /// one and no offset change lies within the span. Returns false to ask for the literal walk.
    @inline(__always)
    private func jump(_ dt: inout Reading, by seconds: Int64) -> Bool {
        let u = zone.utc(local: dt.local, fold: dt.fold)
        let back = zone.wallClock(atUTC: u)
        guard back.local == dt.local, back.fold == dt.fold else { return false }
        if let c = zone.nextChange(afterUTC: u), c <= u + seconds { return false }
        dt = reading(atUTC: u + seconds)
        return true
    }

    @inline(__always)
    private func tick(_ dt: inout Reading, _ seconds: Int64) {
        dt = reading(atUTC: zone.utc(local: dt.local, fold: dt.fold) + seconds)
    }

    @inline(__always)
    private func reading(atUTC u: Int64) -> Reading {
        let w = zone.wallClock(atUTC: u)
        return Reading(local: w.local, fold: w.fold)
    }

    private func hourOf(_ dt: Reading) -> Int { Int(dt.local - CivilDate.floorDiv(dt.local, 86_400) * 86_400) / 3600 }
    private func minuteOf(_ dt: Reading) -> Int { Int(dt.local - CivilDate.floorDiv(dt.local, 86_400) * 86_400) / 60 % 60 }
}

/// `@reboot`: no time of day; the daemon runs it once per boot.
struct RebootSchedule: Schedule {
    func next(after: Instant) -> Instant? { nil }
}

/// Never fires (a spec that failed to compile; parsing rejects such specs first).
struct NeverSchedule: Schedule {
    func next(after: Instant) -> Instant? { nil }
}
