import Testing
import SchedulerCore
@testable import SchedulerDaemon

/// Issue 12 finding 3, the rest of the class: numbers from the environment, from records and from
/// config-sized durations go through checked conversions (each of these trapped before).
struct CheckedConversionTests {
    @Test(arguments: ["99999999999999999", "9223372036854775807", "-5", "0", "1e9", "x", ""])
    func watchdogUSecOutOfRangeIsIgnored(_ value: String) {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": value]).watchdogInterval == nil)
    }

    @Test func watchdogUSecInRangeIsHalved() {
        var n = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"])
        #expect(n.watchdogInterval == 15_000_000_000)
        #expect(n.watchdog(now: .max - 5) == .max)  // saturates instead of wrapping
    }

    @Test(arguments: [1e300, -1e300, Double.nan, Double.infinity, 9.3e15])
    func metricsAndHistoryNumbersNeverTrap(_ x: Double) {
        #expect(!MetricsText.format(x).isEmpty)
        #expect(!HistoryTable.format3(x).isEmpty)
        #expect(!HistoryTable.duration(x).isEmpty)
        #expect(!JournalCodec.decimal(x).isEmpty)
    }

    @Test func backoffWithAHugeCapNeverTraps() {
        var rng = SeededRandom(seed: 1)
        let p = RetryPolicy(attempts: 3, delay: .seconds(Int64.max / 2), factor: 1e300, maxDelay: .seconds(Int64.max))
        for n in 1...4 { #expect(Delays.backoff(p, retry: n, using: &rng) >= .zero) }
    }
}
