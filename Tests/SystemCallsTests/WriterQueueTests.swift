import Synchronization
import SystemCalls
import Testing

/// Issue 12 finding 7: what a stalled destination does to whoever posts (nothing but refusals).
@Suite struct WriterQueueTests {
    @Test func aStalledWriterRefusesPostsBeyondTheLimitAndNeverBlocks() {
        let open = Mutex(false), written = Mutex(0)
        let q = WriterQueue<[UInt8]>(limit: 100) { items in
            while !open.withLock({ $0 }) { SystemClock.sleep(nanoseconds: 1_000_000) }
            written.withLock { $0 += items.count }
        }
        #expect(q.post([UInt8](repeating: 1, count: 60), bytes: 60))
        #expect(q.post([UInt8](repeating: 2, count: 40), bytes: 40))
        #expect(q.backlog == 100)
        #expect(!q.post([3], bytes: 1))                 // over the limit, taken or not: refused at once
        #expect(q.post([4], bytes: 1, force: true))     // a note about the drops goes in anyway
        #expect(!q.waitUntilWritten(timeout: 20_000_000))
        open.withLock { $0 = true }
        #expect(q.waitUntilWritten(timeout: 60_000_000_000))
        #expect(written.withLock { $0 } == 3)
        #expect(q.backlog == 0)
        #expect(q.post([5], bytes: 1))                  // room again
    }
}
