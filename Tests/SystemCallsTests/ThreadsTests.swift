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

#if os(Linux)
@Suite struct PipeSizeTests {
    @Test func pipeCanGrowToOneMebibyte() throws {
        let (r, w) = try FileDescriptor.pipe(nonblocking: true)
        defer { try? r.close(); try? w.close() }
        #expect(try r.setPipeSize(1 << 20) == 1 << 20)
        // The whole mebibyte fits without a reader (a 64 KiB pipe would refuse with EAGAIN).
        try w.write(all: [UInt8](repeating: 7, count: 1 << 20))
        #expect(try r.read(upTo: 1 << 20).count == 1 << 20)
    }
}
#endif

@Suite struct WorkerPoolTests {
    @Test func runsEveryIterationOnceBatchAfterBatch() {
        let pool = WorkerPool(helpers: 3)
        for n in [0, 1, 2, 5, 40, 3] {
            let seen = Mutex<[Int]>([])
            pool.run(iterations: n) { i in seen.withLock { $0.append(i) } }
            #expect(seen.withLock { $0.sorted() } == Array(0..<n))
        }
    }

    @Test func helpersShareTheWork() throws {
        let pool = WorkerPool(helpers: 2)
        let threads = Mutex<Set<UInt>>([])
        // Closed by the third thread to arrive: its hang-up wakes the two waiting.
        let (allIn, lastIn) = try FileDescriptor.pipe()
        defer { try? allIn.close() }
        let end = SystemClock.monotonic() + hangBound
        pool.run(iterations: 30) { _ in
            let me = UInt(pthread_self())
            let third = threads.withLock { set in set.insert(me).inserted && set.count == 3 }
            if third { try? lastIn.close() }
            // Each thread waits until all three have an iteration: none can take them all.
            _ = try? Poll.wait([(allIn, .readable)], timeout: max(0, end - SystemClock.monotonic()))
        }
        #expect(threads.withLock { $0.count } == 3)
    }
}
