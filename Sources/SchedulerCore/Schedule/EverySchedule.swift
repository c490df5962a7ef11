import StateFormats
/// `every = DURATION` (with `at`): slots on one real-time grid, exactly `interval` apart.
///
/// The grid starts at Monday 1970-01-05 00:00 in the zone's standard (winter) time, shifted by `at`:
/// slots are `anchor + at + k × interval`. So intervals that divide an hour or a day fall on the same
/// clock positions every hour or day (in standard time), `1w` starts weeks on Monday, and other
/// intervals simply continue the grid from the anchor.
struct EverySchedule: Schedule {
    /// Interval and phase (a slot's distance from the epoch, modulo the interval), in nanoseconds.
    let interval: Int64
    let phase: Int64

    /// Monday 1970-01-05, the grid's reference day.
    static let anchorDay: Int64 = 4

    init(interval: Duration, offset: Duration, zone: TimeZoneRules) {
        let i = max(1, interval.nanoseconds)
        self.interval = i
        let anchor = (Self.anchorDay * 86_400 - Int64(zone.standardOffset)) * 1_000_000_000
        let p = (anchor % i + offset.nanoseconds % i) % i
        phase = p < 0 ? p + i : p
    }

    func next(after: Instant) -> Instant? {
        let rel = Checked.subtract(after.nanoseconds, phase)
        let k = (rel >= 0 ? rel / interval : -((-rel + interval - 1) / interval)) + 1
        let (slot, o1) = k.multipliedReportingOverflow(by: interval)
        let (t, o2) = slot.addingReportingOverflow(phase)
        return o1 || o2 ? nil : Instant(nanoseconds: t)
    }
}
