#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A few threads kept waiting for batches of work (pthread mutex + condition variables). The daemon
/// starts the jobs of one instant on them: creating threads for each batch put ~0.2 ms of clone and
/// stack set-up in front of the first start. Idle workers sleep in `pthread_cond_wait`: no wake-ups.
public final class WorkerPool: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let workDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var body: (@Sendable (Int) -> Void)?
    private var next = 0
    private var count = 0
    private var unfinished = 0
    private var started = 0
    /// Threads besides the caller's (which always takes part).
    public let helpers: Int

    public init(helpers: Int) {
        self.helpers = max(0, helpers)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workReady, nil)
        pthread_cond_init(workDone, nil)
    }

    /// Starts the helpers now rather than at the first batch (whose latency would include them).
    public func startHelpers() {
        pthread_mutex_lock(mutex)
        while started < helpers, startHelper() { started += 1 }
        pthread_mutex_unlock(mutex)
    }

    /// Runs `body(0..<iterations)` on the caller's thread and the helpers (started on first use) and returns
    /// when every iteration is done. Not reentrant: one batch at a time, from one thread.
    public func run(iterations: Int, _ body: @Sendable (Int) -> Void) {
        guard iterations > 0 else { return }
        withoutActuallyEscaping(body) { body in
            pthread_mutex_lock(mutex)
            while started < min(helpers, iterations - 1), startHelper() { started += 1 }
            self.body = body; next = 0; count = iterations; unfinished = iterations
            pthread_cond_broadcast(workReady)
            takeWork()
            while unfinished > 0 { pthread_cond_wait(workDone, mutex) }
            self.body = nil
            pthread_mutex_unlock(mutex)
        }
    }

    /// With `mutex` held: runs iterations until none is left (unlocking around each).
    private func takeWork() {
        while let body, next < count {
            let i = next
            next += 1
            pthread_mutex_unlock(mutex)
            body(i)
            pthread_mutex_lock(mutex)
            unfinished -= 1
            if unfinished == 0 { pthread_cond_broadcast(workDone) }
        }
    }

    /// Starts one helper (it lives as long as the process); false if no thread could be made.
    private func startHelper() -> Bool {
        Threads.tryDetach { [self] in
            pthread_mutex_lock(mutex)
            while true {
                takeWork()
                pthread_cond_wait(workReady, mutex)
            }
        }
    }
}
