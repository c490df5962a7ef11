import SchedulerCore

/// The instants at which jobs next need the engine, in a binary min-heap with lazy invalidation:
/// `set` records a job's current instant and pushes an entry; an entry that no longer matches its job's
/// current instant is dropped when it reaches the top. The top is always current, so `first` is a peek.
/// A wake-up costs O(log n) per due job, not a walk over every job.
struct DueQueue: Sendable {
    private var heap: [(at: Instant, key: String)] = []
    /// Each queued key's current instant.
    private(set) var current: [String: Instant] = [:]

    /// The earliest current entry.
    var first: (at: Instant, key: String)? { heap.first }
    var count: Int { current.count }

    /// Sets `key`'s instant (nil: not queued).
    mutating func set(_ key: String, _ at: Instant?) {
        guard current[key] != at else { return }
        current[key] = at
        if let at { push((at, key)) }
        dropStale()
        // Entries replaced by later ones pile up below the top: rebuild when they outnumber the live ones.
        if heap.count > 2 * current.count + 64 { rebuild() }
    }

    /// Removes and returns the keys due at or before `now`, earliest first.
    mutating func popDue(upTo now: Instant) -> [String] {
        var out: [String] = []
        while let top = heap.first, top.at <= now {
            popTop()
            current[top.key] = nil
            out.append(top.key)
            dropStale()
        }
        return out
    }

    private func isCurrent(_ e: (at: Instant, key: String)) -> Bool { current[e.key] == e.at }

    private mutating func dropStale() {
        while let top = heap.first, !isCurrent(top) { popTop() }
    }

    private mutating func rebuild() {
        heap = current.map { (at: $0.value, key: $0.key) }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    private static func less(_ a: (at: Instant, key: String), _ b: (at: Instant, key: String)) -> Bool {
        a.at < b.at || (a.at == b.at && a.key < b.key)
    }

    private mutating func push(_ e: (at: Instant, key: String)) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent); i = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, Self.less(heap[l], heap[m]) { m = l }
            if r < heap.count, Self.less(heap[r], heap[m]) { m = r }
            guard m != i else { return }
            heap.swapAt(i, m); i = m
        }
    }
}
