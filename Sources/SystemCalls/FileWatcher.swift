#if os(Linux)
import Glibc

/// Watches one file for changes through `inotify(7)` on its directory, so edits that replace the
/// file (editors writing a temp file and renaming it over, `git checkout`) are seen as well as
/// in-place writes. Poll `descriptor` for readability, then call `readChanges()`.
/// A path that is a symbolic link is watched twice: the link's name (re-pointed, replaced) and the file it
/// resolves to (saved in place or by rename in its own directory); make a new watcher after a change,
/// as the link may point elsewhere now.
public struct FileWatcher: Sendable {
    public let descriptor: FileDescriptor
    /// The watched file's directory and name.
    public let directory: String
    public let name: String
    /// The names watched in each watch's directory (one directory may hold both the link and its target).
    private let names: [Int32: [String]]

    /// What happened to the watched name.
    public enum Change: Equatable, Sendable {
        /// Written and closed in place (IN_CLOSE_WRITE).
        case written
        /// Created, or renamed onto the name (IN_CREATE, IN_MOVED_TO).
        case replaced
        /// Deleted or renamed away (IN_DELETE, IN_MOVED_FROM).
        case removed
        /// Mode or owner changed (IN_ATTRIB).
        case attributes
        /// The directory itself went away or was moved (IN_DELETE_SELF, IN_MOVE_SELF, IN_IGNORED):
        /// nothing more will arrive; make a new watcher.
        case watchLost
    }

    private static let nameEvents = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ATTRIB)
    private static let selfEvents = UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)

    /// `inotify_init1(IN_CLOEXEC|IN_NONBLOCK)` + `inotify_add_watch(2)` on the directory of `path`.
    public init(path: String) throws {
        directory = FileSystem.parentDirectory(of: path)
        name = FileSystem.baseName(of: path)
        let fd = try valueOrErrno("inotify_init1") { inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK)) }
        descriptor = FileDescriptor(rawValue: fd)
        let mask = FileWatcher.nameEvents | UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)
        var watched: [(String, String)] = [(directory, name)]
        if (try? FileSystem.lstat(path))?.kind == .symbolicLink, let target = try? FileSystem.realPath(path) {
            watched.append((FileSystem.parentDirectory(of: target), FileSystem.baseName(of: target)))
        }
        var names: [Int32: [String]] = [:]
        do {
            for (dir, file) in watched {
                let wd = try valueOrErrno("inotify_add_watch \(dir)") { inotify_add_watch(fd, dir, mask) }
                names[wd, default: []].append(file)
            }
        } catch {
            try? descriptor.close()
            throw error
        }
        self.names = names
    }

    /// Drains pending events; returns those about the watched name (or the directory), oldest first.
    /// Empty when nothing relevant is pending.
    public func readChanges() throws -> [Change] {
        var changes: [Change] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n: Int
            do {
                n = try buffer.withUnsafeMutableBytes { try descriptor.read(into: $0) }
            } catch let e as Errno where e.code == EAGAIN {
                return changes
            }
            if n <= 0 { return changes }
            changes += parse(buffer[..<n])
        }
    }

    /// Decodes packed `struct inotify_event` records: wd, mask, cookie, len (4 bytes each), then name.
    private func parse(_ bytes: ArraySlice<UInt8>) -> [Change] {
        var changes: [Change] = []
        var offset = bytes.startIndex
        func u32(_ at: Int) -> UInt32 {
            bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at - bytes.startIndex, as: UInt32.self) }
        }
        while offset + 16 <= bytes.endIndex {
            let wd = Int32(bitPattern: u32(offset))
            let mask = u32(offset + 4)
            let length = Int(u32(offset + 12))
            let nameBytes = bytes[(offset + 16)..<min(offset + 16 + length, bytes.endIndex)].prefix { $0 != 0 }
            offset += 16 + length
            if mask & FileWatcher.selfEvents != 0 { changes.append(.watchLost); continue }
            guard names[wd]?.contains(String(decoding: nameBytes, as: UTF8.self)) == true else { continue }
            changes.append(Self.change(for: mask))
        }
        return changes
    }

    private static func change(for mask: UInt32) -> Change {
        if mask & UInt32(IN_CLOSE_WRITE) != 0 { return .written }
        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { return .replaced }
        if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 { return .removed }
        return .attributes
    }

    public func close() throws { try descriptor.close() }
}
#endif
