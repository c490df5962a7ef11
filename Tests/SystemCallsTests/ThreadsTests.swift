#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import SystemCalls

@Suite struct ThreadsTests {
    @Test(arguments: [0, 1, 2, 7])
    func concurrentPerformRunsEachIterationOnce(iterations: Int) {
        let seen = Mutex<[Int]>([])
        Threads.concurrentPerform(iterations: iterations) { i in seen.withLock { $0.append(i) } }
        #expect(seen.withLock { $0.sorted() } == Array(0..<iterations))
    }

    @Test func detachedThreadRuns() throws {
        let (r, w) = try FileDescriptor.pipe()
        defer { try? r.close() }
        Threads.detach { _ = try? w.write(all: "x"); try? w.close() }
        #expect(try r.readAll() == Array("x".utf8))
    }
}

@Suite struct PipeSizeTests {
    @Test func pipeCanGrowToOneMebibyte() throws {
        let (r, w) = try FileDescriptor.pipe()
        defer { try? r.close(); try? w.close() }
        #if os(Linux)
        #expect(try r.setPipeSize(1 << 20) == 1 << 20)
        #endif
    }
}

@Suite struct WorkerPoolTests {
    @Test func runsEveryIterationOnceBatchAfterBatch() {
        let pool = WorkerPool(helpers: 3)
        for n in [0, 1, 2, 5, 40, 3] {
            let seen = Mutex<[Int]>([])
            pool.run(iterations: n) { i in seen.withLock { $0.append(i) } }
            #expect(seen.withLock { $0.sorted() } == Array(0..<n))
        }
    }

    @Test func helpersShareTheWork() {
        let pool = WorkerPool(helpers: 2)
        let threads = Mutex<Set<UInt>>([])
        let end = SystemClock.monotonic() + 5_000_000_000
        pool.run(iterations: 30) { _ in
            let me = UInt(pthread_self())
            threads.withLock { _ = $0.insert(me) }
            // Each thread waits (for 5 s at most in all) until all three have one: none can take them all.
            while threads.withLock({ $0.count }) < 3, SystemClock.monotonic() < end { SystemClock.sleep(nanoseconds: 100_000) }
        }
        #expect(threads.withLock { $0.count } == 3)
    }
}
