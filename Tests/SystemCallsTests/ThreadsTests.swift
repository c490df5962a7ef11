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
