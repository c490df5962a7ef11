// Benchmark of next-run-time computation: median and p99 µs per `next(after:)` call, per schedule.
// Run with benchmarks/next/run.sh (release build).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SchedulerCore

let schedules: [(String, ScheduleSpec)] = [
    ("* * * * *", .cron("* * * * *")),
    ("*/15 * * * *", .cron("*/15 * * * *")),
    ("0 3 * * *", .cron("0 3 * * *")),
    ("30 2 * * *", .cron("30 2 * * *")),
    ("0 * * * *", .cron("0 * * * *")),
    ("*/5 9-17 * * mon-fri", .cron("*/5 9-17 * * mon-fri")),
    ("0 0 29 2 mon", .cron("0 0 29 2 mon")),
    ("0 0 29 2 *", .cron("0 0 29 2 *")),
    ("0 0 */29 2 fri", .cron("0 0 */29 2 fri")),
    ("* * 29 2 *", .cron("* * 29 2 *")),
    ("0 12 31 * *", .cron("0 12 31 * *")),
    ("59 23 31 12 *", .cron("59 23 31 12 *")),
    ("@monthly", .cron("@monthly")),
    ("daily 03:30,15:00", .daily(minutes: [210, 900])),
    ("weekly mon,thu 09:00", .weekly(days: [1, 4], minutes: [540])),
    ("hourly :15", .hourly(minute: 15)),
    ("every 10m", .every(interval: .seconds(600), offset: .zero)),
]
let zoneNames = ["UTC", "America/New_York", "Australia/Lord_Howe"]

func nowNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// Deterministic instants spread over 2026–2035 (xorshift), so every run measures the same work.
func afters(_ n: Int) -> [Instant] {
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    let start: Int64 = 1_767_225_600, span: Int64 = 10 * 365 * 86_400
    return (0..<n).map { _ in
        x ^= x << 13; x ^= x >> 7; x ^= x << 17
        return Instant(seconds: start + Int64(x % UInt64(span)))
    }
}

let samples = afters(Int(CommandLine.arguments.dropFirst().first ?? "") ?? 20_000)
print(pad("schedule", 24) + pad("zone", 22) + "median µs   p99 µs   max µs")
var worstMedian = 0.0
for zoneName in zoneNames {
    let zone = zoneName == "UTC" ? TimeZoneRules.utc : try! TimeZoneRules.load(named: zoneName)
    for (label, spec) in schedules {
        let s = spec.compile(zone: zone)
        var sink: Int64 = 0
        for t in samples.prefix(500) { sink &+= s.next(after: t)?.nanoseconds ?? 0 }  // warm-up
        var times: [Int64] = []
        times.reserveCapacity(samples.count)
        for t in samples {
            let a = nowNanos()
            let n = s.next(after: t)
            let b = nowNanos()
            sink &+= n?.nanoseconds ?? 0
            times.append(b - a)
        }
        times.sort()
        let med = Double(times[times.count / 2]) / 1000, p99 = Double(times[times.count * 99 / 100]) / 1000
        worstMedian = max(worstMedian, med)
        let row = pad(label, 24) + pad(zoneName, 22)
        print(row + fmt(med) + fmt(p99) + fmt(Double(times.last!) / 1000) + (sink == 42 ? "!" : ""))
    }
}
print("worst median: \(fmt(worstMedian)) µs per next() (\(samples.count) calls per row)")

func fmt(_ x: Double) -> String {
    let s = String(Double(Int(x * 100)) / 100)
    return String(repeating: " ", count: max(0, 9 - s.count)) + s
}

func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - s.count)) }
