#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded queue drained by a thread of its own, so that whoever posts never waits for a slow
/// destination: the daemon's loop writes its log and stderr through one each (a `2>&1 | slow-reader`
/// or a hung disk would otherwise stall every launch in write(2); O_NONBLOCK does nothing for regular
/// files). A post that would put more than `limit` bytes in waiting is refused: the caller drops it
/// and says so. The thread starts with the first post and sleeps in `pthread_cond_wait` when idle.
public final class WriterQueue<Item: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let write: @Sendable ([Item]) -> Void
    public let limit: Int
    // Guarded by `mutex`.
    private var items: [Item] = []
    private var queuedBytes = 0
    /// Items (and their bytes) taken by the thread and not written yet: they count against the limit too.
    private var writing = 0
    private var writingBytes = 0
    private var started = false

    /// `write` runs on the queue's thread with everything waiting, oldest first.
    public init(limit: Int, write: @escaping @Sendable ([Item]) -> Void) {
        self.limit = limit; self.write = write
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    /// Never freed while its thread runs (the thread holds it); a daemon keeps its queues for life.
    deinit {
        pthread_cond_destroy(changed); pthread_mutex_destroy(mutex)
        mutex.deallocate(); changed.deallocate()
    }

    /// Queues `item`, which counts `bytes` against the limit; false (not queued) when it would go over.
    /// `force` queues it anyway (a short note about dropped lines). Without a thread, writes inline.
    @discardableResult
    public func post(_ item: Item, bytes: Int, force: Bool = false) -> Bool {
        pthread_mutex_lock(mutex)
        if !force, queuedBytes + writingBytes > 0, queuedBytes + writingBytes + bytes > limit { pthread_mutex_unlock(mutex); return false }
        if !started {
            started = Threads.tryDetach { [self] in self.drainForever() }
            if !started { pthread_mutex_unlock(mutex); write([item]); return true }
        }
        items.append(item); queuedBytes += bytes
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        return true
    }

    /// Bytes waiting or being written.
    public var backlog: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return queuedBytes + writingBytes
    }

    /// Waits until everything posted so far is written, at most `timeout` ns; false when time ran out.
    public func waitUntilWritten(timeout: Int64) -> Bool {
        let deadline = SystemClock.realtime() + max(timeout, 0)
        var until = timespecFrom(nanoseconds: deadline)
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !items.isEmpty || writing > 0 {
            if pthread_cond_timedwait(changed, mutex, &until) == ETIMEDOUT { return items.isEmpty && writing == 0 }
        }
        return true
    }

    private func drainForever() {
        while true {
            pthread_mutex_lock(mutex)
            while items.isEmpty { pthread_cond_wait(changed, mutex) }
            let batch = items
            items.removeAll(keepingCapacity: true)
            (writing, writingBytes) = (batch.count, queuedBytes)
            queuedBytes = 0
            pthread_mutex_unlock(mutex)
            write(batch)
            pthread_mutex_lock(mutex)
            (writing, writingBytes) = (0, 0)
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }
}
