/// A time zone's rules: UTC offsets over time, from a TZif file, a POSIX TZ string, or fixed UTC.
///
/// All offset changes are kept in one sorted table: the TZif transitions, then changes generated
/// from the file's POSIX footer rule up to the year 2300 (past `Instant`'s range), so a lookup
/// is one binary search whatever the year.
public final class TimeZoneRules: Sendable, CustomStringConvertible {
    /// The IANA name ("Europe/Berlin"), "UTC", or the POSIX TZ string it was built from.
    public let name: String
    /// UTC seconds at which the offset changes, ascending; only real changes are kept.
    let changes: [Int64]
    /// `offsets[i]` is in force from `changes[i]` on.
    let offsets: [Int32]
    /// In force before `changes[0]` (or always, when there are no changes).
    let initialOffset: Int32
    /// Wall-clock readings of each change, as Python's zoneinfo sees them: `wallFirst` uses the larger of
    /// the two offsets around a change, `wallSecond` the smaller (PEP 495 `fold` = 0 and 1).
    let wallFirst: [Int64]
    let wallSecond: [Int64]
    /// The zone's standard (winter) offset, the reference for `every` slots.
    public let standardOffset: Int

    init(name: String) {
        self.name = name
        changes = []; offsets = []; initialOffset = 0; wallFirst = []; wallSecond = []; standardOffset = 0
    }

    /// A zone from raw offset changes (`(utc seconds, offset from then on)`, any order; repeats dropped).
    init(name: String, initialOffset: Int, changes raw: [(Int64, Int)], standardOffset: Int) {
        self.name = name
        self.initialOffset = Int32(clamping: initialOffset)
        self.standardOffset = standardOffset
        var c: [Int64] = [], o: [Int32] = [], w0: [Int64] = [], w1: [Int64] = []
        var previous = Int32(clamping: initialOffset)
        // Two changes at one instant (a rule whose DST starts when it ends, found by fuzzing): the later
        // in the list wins, so the table stays strictly ascending for the binary searches.
        var unique: [(Int64, Int)] = []
        for x in raw.sorted(by: { $0.0 < $1.0 }) {
            if unique.last?.0 == x.0 { unique[unique.count - 1] = x } else { unique.append(x) }
        }
        for (utc, off) in unique {
            let now = Int32(clamping: off)
            guard now != previous else { continue }
            c.append(utc); o.append(now)
            w0.append(utc + Int64(max(now, previous))); w1.append(utc + Int64(min(now, previous)))
            previous = now
        }
        changes = c; offsets = o; wallFirst = w0; wallSecond = w1
    }

    public static let utc = TimeZoneRules(name: "UTC")

    public var description: String { name }

    /// Whether the offset never changes.
    public var isFixed: Bool { changes.isEmpty }

    // MARK: - UTC → local

    /// Index of the last change at or before `utc`, or -1.
    @inline(__always)
    func changeIndex(atUTC utc: Int64) -> Int {
        var lo = 0, hi = changes.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if changes[mid] <= utc { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    @inline(__always)
    func offset(index i: Int) -> Int64 { Int64(i < 0 ? initialOffset : offsets[i]) }

    /// UTC offset in seconds at `instant`.
    public func offset(at instant: Instant) -> Int { Int(offset(atUTC: instant.seconds)) }

    /// UTC offset in seconds at a UTC second.
    public func offset(atUTC utc: Int64) -> Int64 { changes.isEmpty ? Int64(initialOffset) : offset(index: changeIndex(atUTC: utc)) }

    /// The wall-clock reading at `instant` (whole seconds).
    public func localTime(at instant: Instant) -> LocalTime { LocalTime(seconds: instant.seconds + offset(atUTC: instant.seconds)) }

    /// The wall-clock reading at a UTC second, and whether it is the second time that reading occurs
    /// (inside a fall-back overlap: PEP 495 `fold` = 1).
    func wallClock(atUTC utc: Int64) -> (local: Int64, fold: Bool) {
        if changes.isEmpty { return (utc + Int64(initialOffset), false) }
        let i = changeIndex(atUTC: utc)
        let off = offset(index: i)
        guard i >= 0 else { return (utc + off, false) }
        let shift = offset(index: i - 1) - off
        return (utc + off, shift > utc - changes[i])
    }

    // MARK: - local → UTC

    /// The UTC second for a wall-clock reading, exactly as Python's zoneinfo maps `datetime(fold:)`:
    /// in an overlap `fold` picks the first or second occurrence; in a gap, fold 0 uses the offset
    /// from before the change and fold 1 the one after.
    func utc(local: Int64, fold: Bool) -> Int64 {
        if changes.isEmpty { return local - Int64(initialOffset) }
        return local - offset(index: lastIndex(in: fold ? wallSecond : wallFirst, atOrBefore: local))
    }

    @inline(__always)
    private func lastIndex(in walls: [Int64], atOrBefore local: Int64) -> Int {
        var lo = 0, hi = walls.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if walls[mid] <= local { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// Whether no instant shows this wall-clock reading (it falls in a spring-forward gap).
    public func isSkipped(_ local: LocalTime) -> Bool {
        wallClock(atUTC: utc(local: local.seconds, fold: false)).local != local.seconds
    }

    /// The instant a wall-clock time stands for, by the rule wall-clock schedules follow (Debian cron's,
    /// as cronsim models it): a reading in a gap moves forward a minute at a time until it exists, which
    /// is when the gap ends; a reading that occurs twice means its first occurrence.
    public func resolve(_ local: LocalTime) -> Instant {
        var t = local.seconds
        for _ in 0..<64 {
            let u = utc(local: t, fold: false)
            if wallClock(atUTC: u).local == t { return Instant(seconds: u) }
            // In a gap: jump straight to the first whole-minute step at or after its end.
            let j = lastIndex(in: wallSecond, atOrBefore: t)
            let gapEnd = j >= 0 ? wallFirst[j] : t + 60
            let steps = max(1, (gapEnd - t + 59) / 60)
            t += steps * 60
        }
        return Instant(seconds: utc(local: t, fold: false))
    }
}

/// Why a zone can't be used; `hint` suggests a fix ("did you mean 'Europe/Berlin'?").
public struct TimeZoneError: Error, Sendable, Equatable {
    public var message: String
    public var hint: String?
    public init(message: String, hint: String? = nil) { self.message = message; self.hint = hint }
}
