import SchedulerCore
import SystemCalls

/// `scheduler logs --tail`: new lines of the log as they are written, across rotations, until killed.
public final class LogFollower {
    let path: String
    var fd: FileDescriptor?
    var inode: UInt64 = 0
    var carry: [UInt8] = []

    /// Opens the log (when it exists); `start()` says where reading begins.
    public init(path: String) {
        self.path = path
        reopen()
    }

    /// The open log and its current size, for `LogReader.tail(newest:)`; following goes on from there.
    public func start() -> (FileDescriptor, Int64)? {
        guard let fd, let size = try? fd.status().size else { return nil }
        _ = try? fd.seek(to: size)
        return (fd, size)
    }

    func reopen() {
        try? fd?.close(); fd = nil; carry = []
        guard let f = try? FileDescriptor.open(path, .readOnly) else { return }
        fd = f
        inode = (try? f.status().inode) ?? 0
    }

    /// Calls `emit` with each batch of new complete lines, forever (Ctrl-C ends the process).
    public func follow(_ emit: ([String]) -> Void) -> Never {
        let watcher = try? FileWatcher(path: path)
        while true {
            // inotify wakes us at once; the timeout covers a log directory created later.
            if let w = watcher { _ = try? Poll.wait([(w.descriptor, .readable)], timeout: 1_000_000_000); _ = try? w.readChanges() } else {
                SystemClock.sleep(nanoseconds: 200_000_000)
            }
            emit(readNew())
            if rotated() {
                emit(readNew())  // what was written before the rename
                if !carry.isEmpty { emit([String(decoding: carry, as: UTF8.self)]) }
                reopen()
                emit(readNew())
            }
        }
    }

    /// The complete lines appended since the last read.
    func readNew() -> [String] {
        guard let fd else { return [] }
        var lines: [String] = []
        while let chunk = try? fd.read(upTo: 1 << 16), !chunk.isEmpty {
            carry += chunk
            guard let last = carry.lastIndex(of: 10) else { continue }
            lines += carry[..<last].split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            carry.removeSubrange(...last)
        }
        return lines
    }

    /// The path now names another file (rotated) or appeared since we looked.
    func rotated() -> Bool {
        guard let st = try? FileSystem.stat(path) else { return false }
        return fd == nil || st.inode != inode
    }
}
