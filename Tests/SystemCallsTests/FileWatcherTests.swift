#if os(Linux)
import Glibc
import SystemCalls
import Testing

@Suite struct FileWatcherTests {
    /// Waits for the watcher to become readable and returns what it read. `.written` is dropped unless
    /// asked for: a child that another test spawns while a file's temporary copy is open for writing holds
    /// that descriptor until its exec, and its close then shows as a write to the name (the copy has been
    /// renamed onto it by then).
    func changes(_ w: FileWatcher, keepWritten: Bool = false) throws -> [FileWatcher.Change] {
        guard try !Poll.wait([(w.descriptor, .readable)], timeout: hangBound)[0].isEmpty else { return [] }
        return try w.readChanges().filter { keepWritten || $0 != .written }
    }

    @Test func inPlaceWriteIsSeen() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/scheduler.toml"
            try FileSystem.writeFileAtomically(path, Array("a = 1\n".utf8))
            let w = try FileWatcher(path: path)
            defer { try? w.close() }
            #expect(try w.readChanges() == [])
            let fd = try FileDescriptor.open(path, .writeOnly, options: [.truncate])
            try fd.closeAfter { try fd.write(all: "a = 2\n") }
            #expect(try changes(w, keepWritten: true).contains(.written))
        }
    }

    @Test func renameOverTheFileIsSeen() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/scheduler.toml"
            try FileSystem.writeFileAtomically(path, Array("a = 1\n".utf8))
            let w = try FileWatcher(path: path)
            defer { try? w.close() }
            try FileSystem.writeFileAtomically(path, Array("a = 2\n".utf8))  // temp file + rename, like editors
            #expect(try changes(w) == [.replaced])
            try FileSystem.unlink(path)
            #expect(try changes(w) == [.removed])
        }
    }

    @Test func otherNamesInTheDirectoryAreIgnored() throws {
        try withTemporaryDirectory { dir in
            let w = try FileWatcher(path: "\(dir)/scheduler.toml")
            defer { try? w.close() }
            try FileSystem.writeFileAtomically("\(dir)/other.toml", [1])
            try FileSystem.writeFileAtomically("\(dir)/scheduler.toml", [1])
            #expect(try changes(w) == [.replaced])  // the other file's events were read and dropped
        }
    }

    @Test func removingTheDirectoryLosesTheWatch() throws {
        try withTemporaryDirectory { dir in
            try FileSystem.makeDirectory("\(dir)/conf")
            let w = try FileWatcher(path: "\(dir)/conf/scheduler.toml")
            defer { try? w.close() }
            try FileSystem.removeDirectory("\(dir)/conf")
            #expect(try changes(w).contains(.watchLost))
        }
    }

    @Test func missingDirectoryThrows() {
        #expect(throws: Errno(ENOENT)) { try FileWatcher(path: "/nonexistent-dir/x.toml") }
    }
}
#endif
