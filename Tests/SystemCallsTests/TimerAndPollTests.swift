#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite struct TimerAndPollTests {
    @Test func clocksAdvance() {
        let m1 = SystemClock.monotonic()
        SystemClock.sleep(nanoseconds: 2_000_000)
        let m2 = SystemClock.monotonic()
        #expect(m2 - m1 >= 2_000_000)  // a sleep is at least as long as asked
        // The same instant as libc's time(2), which reads the coarse clock: it can be at most one tick behind.
        let before = time(nil)
        let now = SystemClock.realtime()
        let after = time(nil)
        #expect(before <= now / 1_000_000_000 && now / 1_000_000_000 <= after + 1)
        // Boot time counts from boot (with suspend): at least the monotonic time, far below the wall clock.
        let boot = SystemClock.now(.boottime)
        #expect(boot >= m2 && boot < now / 2)
    }

    @Test func pollTimesOutWithNoEvents() throws {
        let (r, w) = try FileDescriptor.pipe()
        defer { try? r.close(); try? w.close() }
        let start = SystemClock.monotonic()
        let events = try Poll.wait([(r, .readable)], timeout: 20_000_000)
        #expect(events == [[]])
        #expect(SystemClock.monotonic() - start >= 20_000_000)
    }

    @Test func pollReportsTheReadyDescriptorOnly() throws {
        let a = try FileDescriptor.pipe()
        let b = try FileDescriptor.pipe()
        defer { for fd in [a.read, a.write, b.read, b.write] { try? fd.close() } }
        try b.write.write(all: "x")
        let events = try Poll.wait([(a.read, .readable), (b.read, .readable)], timeout: hangBound)
        #expect(events == [[], .readable])
        try a.write.close()
        #expect(try Poll.wait([(a.read, .readable)], timeout: 0)[0].contains(.hangup))
    }

    #if os(Linux)
    @Test func realtimeTimerFiresAtAbsoluteDeadline() throws {
        let timer = try TimerDescriptor(clock: .realtime)
        defer { try? timer.close() }
        #expect(try timer.read() == .notYet)
        let deadline = SystemClock.realtime() + 30_000_000
        try timer.arm(at: deadline, cancelOnClockChange: true)
        let ready = try Poll.wait([(timer.descriptor, .readable)], timeout: hangBound)
        #expect(ready == [.readable])
        #expect(SystemClock.realtime() >= deadline)
        #expect(try timer.read() == .expired(count: 1))
    }

    @Test func monotonicIntervalTimerCountsExpirations() throws {
        let timer = try TimerDescriptor(clock: .monotonic, nonblocking: false)
        defer { try? timer.close() }
        try timer.arm(after: 1_000_000, interval: 1_000_000)
        // Expiring twice, read by read, means the timer re-armed itself.
        for n in 1...2 {
            guard try Poll.wait([(timer.descriptor, .readable)], timeout: hangBound) == [.readable],
                  case .expired(let count) = try timer.read(), count >= 1 else { Issue.record("no expiry \(n)"); return }
        }
        try timer.disarm()
        #expect(try Poll.wait([(timer.descriptor, .readable)], timeout: 20_000_000) == [[]])
    }
    #endif
}
