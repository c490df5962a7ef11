#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A queue between threads (pthread mutex + condition variable). A thread of its own takes with `take()`
/// (blocking); a poll loop watches `descriptor` (readable once something was posted) and takes with
/// `takeAll()`, so it never blocks on the other thread.
public final class Mailbox<Item>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let posted = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var items: [Item] = []
    private var signalled = false
    private let pipe: (read: FileDescriptor, write: FileDescriptor)?

    /// `pollable`: also keep a non-blocking pipe whose read end becomes readable on `post`.
    public init(pollable: Bool) throws {
        pipe = pollable ? try FileDescriptor.pipe(nonblocking: true) : nil
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(posted, nil)
    }

    deinit {
        try? pipe?.read.close(); try? pipe?.write.close()
        pthread_cond_destroy(posted); pthread_mutex_destroy(mutex)
        mutex.deallocate(); posted.deallocate()
    }

    /// Readable when items are waiting (pollable mailboxes only).
    public var descriptor: FileDescriptor? { pipe?.read }

    public func post(_ item: Item) {
        pthread_mutex_lock(mutex)
        items.append(item)
        let wake = !signalled
        signalled = true
        pthread_cond_signal(posted)
        pthread_mutex_unlock(mutex)
        // One byte per batch of posts: the reader drains it in `takeAll`.
        if wake, let w = pipe?.write { _ = try? w.write(all: [1]) }
    }

    /// Waits for the next item.
    public func take() -> Item {
        pthread_mutex_lock(mutex)
        while items.isEmpty { pthread_cond_wait(posted, mutex) }
        let item = items.removeFirst()
        if items.isEmpty { signalled = false }
        pthread_mutex_unlock(mutex)
        return item
    }

    /// Everything posted so far (maybe nothing); never waits.
    public func takeAll() -> [Item] {
        if let r = pipe?.read { _ = try? r.read(upTo: 64) }
        pthread_mutex_lock(mutex)
        let out = items
        items.removeAll()
        signalled = false
        pthread_mutex_unlock(mutex)
        return out
    }
}
