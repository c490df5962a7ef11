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
        #expect(m2 - m1 >= 2_000_000)
        #expect(SystemClock.realtime() > 1_700_000_000 * 1_000_000_000)
        #expect(SystemClock.now(.boottime) >= 0)
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
        let events = try Poll.wait([(a.read, .readable), (b.read, .readable)], timeout: 1_000_000_000)
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
        let ready = try Poll.wait([(timer.descriptor, .readable)], timeout: 5_000_000_000)
        #expect(ready == [.readable])
        #expect(SystemClock.realtime() >= deadline)
        #expect(try timer.read() == .expired(count: 1))
    }

    @Test func monotonicIntervalTimerCountsExpirations() throws {
        let timer = try TimerDescriptor(clock: .monotonic, nonblocking: false)
        defer { try? timer.close() }
        try timer.arm(after: 1_000_000, interval: 1_000_000)
        SystemClock.sleep(nanoseconds: 10_000_000)
        guard case .expired(let count) = try timer.read() else { Issue.record("no expiry"); return }
        #expect(count >= 2)
        try timer.disarm()
        #expect(try Poll.wait([(timer.descriptor, .readable)], timeout: 20_000_000) == [[]])
    }
    #endif
}
