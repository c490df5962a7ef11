#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite struct UnixSocketTests {
    @Test func streamRoundTripWithPeerCredentials() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/control.sock"
            let listener = try UnixSocket.listen(at: path)
            defer { try? listener.close() }
            #expect(try FileSystem.lstat(path).kind == .socket)
            #expect(try listener.isCloseOnExec())
            let client = try UnixSocket.connect(to: path)
            defer { try? client.close() }
            let server = try UnixSocket.accept(listener)
            defer { try? server.close() }
            #expect(try server.isCloseOnExec())

            let peer = try UnixSocket.peerCredentials(server)
            #expect(peer.userID == getuid())
            #expect(peer.groupID == getgid())
            #if os(Linux)
            #expect(peer.pid == getpid())
            #endif

            try client.write(all: "ps\n")
            #expect(try server.read(upTo: 100) == Array("ps\n".utf8))
            try server.write(all: "ok")
            try server.close()
            #expect(try client.readAll() == Array("ok".utf8))
        }
    }

    @Test func staleSocketIsReplacedButALiveOneIsNot() throws {
        try withTemporaryDirectory { dir in
            let path = "\(dir)/control.sock"
            let first = try UnixSocket.listen(at: path)
            #expect(throws: Errno(EADDRINUSE)) { try UnixSocket.listen(at: path) }  // someone listens
            try first.close()  // the socket file stays behind, like after a crash
            let second = try UnixSocket.listen(at: path)
            try second.close()
            #expect(throws: Errno(EADDRINUSE)) { try UnixSocket.listen(at: path, removingStaleSocket: false) }
        }
    }

    @Test func connectToMissingSocketFails() {
        #expect(throws: Errno(ENOENT)) { try UnixSocket.connect(to: "/nonexistent-dir/sock") }
    }

    @Test func tooLongPathIsENAMETOOLONG() {
        let path = "/tmp/" + String(repeating: "x", count: 200)
        #expect(throws: Errno(ENAMETOOLONG)) { try UnixSocket.connect(to: path) }
    }

    @Test func notifyDatagramToAPathSocket() throws {
        try withTemporaryDirectory { dir in
            let receiver = try UnixSocket.bindDatagram(at: "\(dir)/notify")
            defer { try? receiver.close() }
            #expect(try UnixSocket.notifySystemd("READY=1", socket: "\(dir)/notify"))
            #expect(try receiver.read(upTo: 100) == Array("READY=1".utf8))
            #expect(try !UnixSocket.notifySystemd("READY=1", socket: nil))
            #expect(try !UnixSocket.notifySystemd("READY=1", socket: ""))
        }
    }

    #if os(Linux)
    @Test func notifyDatagramToAnAbstractSocket() throws {
        let name = "@scheduler-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let receiver = try UnixSocket.bindDatagram(at: name)
        defer { try? receiver.close() }
        try UnixSocket.sendDatagram(Array("STATUS=running 3 jobs".utf8), to: name)
        #expect(try receiver.read(upTo: 100) == Array("STATUS=running 3 jobs".utf8))
    }
    #endif
}
