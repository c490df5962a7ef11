#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite struct FileSystemTests {
    @Test func statAndLstatTellLinkFromTarget() throws {
        try withTemporaryDirectory { dir in
            let before = SystemClock.realtime()
            try FileSystem.writeFileAtomically("\(dir)/file", Array("12345".utf8), permissions: 0o640)
            let after = SystemClock.realtime()
            try FileSystem.makeSymbolicLink("\(dir)/link", to: "file")
            let s = try FileSystem.stat("\(dir)/link")
            let l = try FileSystem.lstat("\(dir)/link")
            #expect(s.kind == .regular && s.size == 5 && s.permissions == 0o640)
            #expect(s.userID == getuid())
            #expect(l.kind == .symbolicLink && l.inode != s.inode)
            #expect(try FileSystem.readLink("\(dir)/link") == "file")
            #expect(try FileSystem.realPath("\(dir)/./link") == "\(dir)/file")
            // Written between the two readings (file times come from the coarse clock: up to a tick behind).
            #expect(before - 20_000_000 <= s.modificationTime && s.modificationTime <= after)
        }
    }

    @Test func missingPathsThrowOrReturnNil() throws {
        #expect(try FileSystem.statIfExists("/nonexistent/x") == nil)
        #expect(!FileSystem.exists("/nonexistent/x"))
        let e = #expect(throws: Errno.self) { try FileSystem.stat("/nonexistent/x") }
        #expect(e?.description == "stat /nonexistent/x: No such file or directory")
    }

    @Test func makeDirectoriesAppliesExactModeDespiteUmask() throws {
        try withTemporaryDirectory { dir in
            try FileSystem.makeDirectories("\(dir)/a/b/c", permissions: 0o700)
            for sub in ["a", "a/b", "a/b/c"] {
                let s = try FileSystem.stat("\(dir)/\(sub)")
                #expect(s.isDirectory && s.permissions == 0o700, "\(sub)")
            }
            try FileSystem.makeDirectories("\(dir)/a/b/c", permissions: 0o755)  // exists: no error, unchanged
            #expect(try FileSystem.stat("\(dir)/a/b/c").permissions == 0o700)
            try FileSystem.writeFileAtomically("\(dir)/plain", [])
            #expect(throws: Errno(ENOTDIR)) { try FileSystem.makeDirectories("\(dir)/plain/sub") }
            #expect(throws: Errno(EEXIST)) { try FileSystem.makeDirectory("\(dir)/a") }
        }
    }

    @Test func renameUnlinkListAndRemoveTree() throws {
        try withTemporaryDirectory { dir in
            for name in ["b", "a", ".hidden"] { try FileSystem.writeFileAtomically("\(dir)/\(name)", [1]) }
            try FileSystem.rename("\(dir)/a", to: "\(dir)/c")
            try FileSystem.unlink("\(dir)/b")
            #expect(try FileSystem.listDirectory(dir) == [".hidden", "c"])
            // removeTree must delete a symlink to a directory, not the directory's contents
            try withTemporaryDirectory { outside in
                try FileSystem.writeFileAtomically("\(outside)/keep", [1])
                try FileSystem.makeDirectories("\(dir)/sub/deeper")
                try FileSystem.makeSymbolicLink("\(dir)/sub/out", to: outside)
                try FileSystem.removeTree("\(dir)/sub")
                #expect(!FileSystem.exists("\(dir)/sub"))
                #expect(FileSystem.exists("\(outside)/keep"))
            }
            try FileSystem.removeTree("\(dir)/not-there")
        }
    }

    @Test func atomicWriteKeepsModeAndLeavesNoTempFiles() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/state.json"
            try FileSystem.writeFileAtomically(path, Array("v1".utf8), permissions: 0o600)
            #expect(try FileSystem.stat(path).permissions == 0o600)
            try FileSystem.changeMode(path, to: 0o640)
            let before = try FileSystem.stat(path).inode
            try FileSystem.writeFileAtomically(path, Array("version 2".utf8))  // default 0644 must not win
            let after = try FileSystem.stat(path)
            #expect(after.permissions == 0o640)
            #expect(after.inode != before)  // replaced by rename, not rewritten in place
            #expect(try FileSystem.readFile(path) == Array("version 2".utf8))
            #expect(try FileSystem.listDirectory(dir) == ["state.json"])
        }
    }

    @Test func atomicWriteIntoMissingDirectoryFailsCleanly() throws {
        let e = #expect(throws: Errno.self) { try FileSystem.writeFileAtomically("/nonexistent-dir/x", [1]) }
        #expect(e?.code == ENOENT)
    }

    @Test func availableBytesIsPositive() throws {
        #expect(try FileSystem.availableBytes("/tmp") > 0)
    }

    @Test(arguments: [
        ("/a/b", "/a", "b"), ("/a/b/", "/a", "b"), ("b", ".", "b"), ("/", "/", "/"), ("/a", "/", "a"), ("a/b", "a", "b"),
    ])
    func pathComponents(path: String, parent: String, base: String) {
        #expect(FileSystem.parentDirectory(of: path) == parent)
        #expect(FileSystem.baseName(of: path) == base)
    }
}
