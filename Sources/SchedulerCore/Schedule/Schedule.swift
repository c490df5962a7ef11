/// What the engine sees of a schedule: the first due instant strictly after a given one.
public protocol Schedule: Sendable {
    func next(after: Instant) -> Instant?
}

extension ScheduleSpec {
    /// The shortest time between two consecutive slots (issue 12: jitter must stay below it), sampled over
    /// the first 400 slots from 2026-01-01 in UTC; nil for @reboot or a schedule with fewer than two slots.
    /// For `every` it is the interval; for `daily` lists and `cron` the smallest gap, e.g. 10 min for
    /// daily = ["09:00", "09:10"].
    public var smallestGap: Duration? {
        guard !isReboot else { return nil }
        let s = compile(zone: .utc)
        guard var previous = s.next(after: Instant(seconds: 1_767_225_600)) else { return nil }
        var smallest: Int64?
        for _ in 0..<400 {
            guard let n = s.next(after: previous) else { break }
            smallest = min(smallest ?? .max, (n - previous).nanoseconds)
            previous = n
        }
        return smallest.map { .nanoseconds($0) }
    }
}
