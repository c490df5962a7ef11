#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite struct FileDescriptorTests {
    @Test func errnoCarriesStrerrorTextAndCall() throws {
        let error = #expect(throws: Errno.self) { try FileDescriptor.open("/nonexistent/file", .readOnly) }
        #expect(error?.code == ENOENT)
        #expect(error?.message == "No such file or directory")
        #expect(error?.description == "open /nonexistent/file: No such file or directory")
    }

    @Test(arguments: [(EACCES, "Permission denied"), (EEXIST, "File exists"), (EINTR, "Interrupted system call")])
    func errnoMessages(code: Int32, text: String) {
        #expect(Errno(code).message == text)
        #expect(Errno(code, call: "x").description == "x: \(text)")
    }

    @Test func pipeIsCloseOnExecAndRoundTrips() throws {
        let (r, w) = try FileDescriptor.pipe()
        defer { try? r.close() }
        #expect(try r.isCloseOnExec() && w.isCloseOnExec())
        #expect(try !r.isNonblocking())
        try w.write(all: "hello")
        try w.close()
        #expect(try r.readAll() == Array("hello".utf8))
        #expect(try r.read(upTo: 10) == [])
    }

    @Test func nonblockingPipeReadThrowsEAGAIN() throws {
        let (r, w) = try FileDescriptor.pipe(nonblocking: true)
        defer { try? r.close(); try? w.close() }
        #expect(try r.isNonblocking() && w.isNonblocking())
        #expect(throws: Errno(EAGAIN)) { try r.read(upTo: 1) }
        try r.setNonblocking(false)
        #expect(try !r.isNonblocking())
    }

    @Test func duplicateAtLeastIsCloseOnExecAndAboveMinimum() throws {
        let (r, w) = try FileDescriptor.pipe()
        defer { try? r.close(); try? w.close() }
        let copy = try w.duplicate(atLeast: 100)
        defer { try? copy.close() }
        #expect(copy.rawValue >= 100)
        #expect(try copy.isCloseOnExec())
        try copy.setCloseOnExec(false)
        #expect(try !copy.isCloseOnExec())
    }

    @Test func closeAfterClosesEvenOnThrow() throws {
        let (r, w) = try FileDescriptor.pipe()
        defer { try? w.close() }
        struct Boom: Error {}
        #expect(throws: Boom.self) { try r.closeAfter { throw Boom() } }
        // (checking `r` itself would race: another test may already own that number again)
        #expect(try Poll.wait([(w, .writable)], timeout: 0)[0].contains(.error))  // no reader left
    }

    @Test func fstatSeekTruncate() throws {
        try withTemporaryDirectory { dir in
            let fd = try FileDescriptor.open("\(dir)/f", .readWrite, options: [.create, .exclusiveCreate], permissions: 0o600)
            try fd.closeAfter {
                try fd.write(all: "0123456789")
                try fd.sync()
                #expect(try fd.status().size == 10)
                try fd.truncate(to: 4)
                try fd.seek(to: 0)
                #expect(try fd.readAll() == Array("0123".utf8))
                try fd.changeMode(to: 0o640)
                #expect(try fd.status().permissions == 0o640)
                #expect(!fd.isTerminal)
            }
            #expect(throws: Errno(EEXIST)) { try FileDescriptor.open("\(dir)/f", .readOnly, options: [.create, .exclusiveCreate]) }
        }
    }
}
