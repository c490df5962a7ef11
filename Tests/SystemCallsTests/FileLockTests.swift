#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite(.serialized) struct FileLockTests {
    @Test func secondOpenCannotLockUntilFirstUnlocks() throws {
        try withTemporaryDirectory { dir in
            let a = try FileLock(path: "\(dir)/x.lock")
            let b = try FileLock(path: "\(dir)/x.lock")
            defer { try? a.close(); try? b.close() }
            #expect(try a.tryLock())
            #expect(try !b.tryLock())  // flock belongs to the open file, so this conflicts even in one process
            try a.unlock()
            #expect(try b.tryLock())
        }
    }

    @Test func lockFileIsCreatedPrivateAndCloseOnExec() throws {
        try withTemporaryDirectory { dir in
            let old = CurrentProcess.currentUmask()
            let lock = try FileLock(path: "\(dir)/x.lock")
            defer { try? lock.close() }
            #expect(try FileSystem.stat("\(dir)/x.lock").permissions == 0o600 & ~old)
            #expect(try lock.descriptor.isCloseOnExec())
        }
    }

    @Test func symlinkedLockFileIsRefused() throws {
        try withTemporaryDirectory { dir in
            try FileSystem.makeSymbolicLink("\(dir)/evil.lock", to: "\(dir)/target")
            #expect(throws: Errno(ELOOP)) { try FileLock(path: "\(dir)/evil.lock") }
            #expect(!FileSystem.exists("\(dir)/target"))
        }
    }

    @Test func childHoldsTheLockAfterParentClosesItsCopy() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/job.lock"
            let lock = try FileLock(path: path)
            #expect(try lock.tryLock())
            let (child, release) = try blockedShell { $0.inheritedDescriptors = [3: lock.descriptor] }
            try lock.writeOwner(FileLock.Owner(pid: child.pid, startedAt: 1_700_000_000, note: "backup\njob"))
            try lock.close()

            let probe = try FileLock(path: path)
            defer { try? probe.close() }
            #expect(try !probe.tryLock())  // the child's inherited fd 3 still holds it
            #expect(FileLock.readOwner(path: path) == FileLock.Owner(pid: child.pid, startedAt: 1_700_000_000, note: "backup job"))

            try release.close()  // child reads EOF and exits
            #expect(try child.wait().status == .exited(code: 1))
            #expect(try probe.tryLock())
        }
    }

    @Test func ownerIsNilForMissingOrGarbage() throws {
        try withTemporaryDirectory { dir in
            #expect(FileLock.readOwner(path: "\(dir)/none") == nil)
            try FileSystem.writeFileAtomically("\(dir)/bad", Array("pid=abc\n".utf8))
            #expect(FileLock.readOwner(path: "\(dir)/bad") == nil)
        }
    }
}
