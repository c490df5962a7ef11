#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

nonisolated(unsafe) private var brokenPipeSignals = 0

@Suite(.serialized) struct TLSSessionTests {
    @Test func libsslLoads() {
        #expect(TLSSession.loadLibrary() == nil, "libssl.so.3 is installed here and in CI (openssl depends on it)")
    }

    /// OpenSSL writes with write(2): to a peer that is gone, that raises SIGPIPE, which kills a process that
    /// does not ignore it (the CLI). The session must block and consume it. A counting handler (instead of the
    /// default) sees any SIGPIPE that escapes; other tests' writes still get EPIPE meanwhile.
    @Test func writingToAGonePeerRaisesNoSIGPIPE() throws {
        try #require(TLSSession.loadLibrary() == nil)
        var fds: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        close(fds[1])
        let socket = FileDescriptor(rawValue: fds[0])
        defer { try? socket.close() }
        brokenPipeSignals = 0
        let previous = signal(SIGPIPE) { _ in brokenPipeSignals += 1 }
        defer { signal(SIGPIPE, previous) }
        let session = try TLSSession(socket: socket, verifyChain: false, caFile: nil, hostName: "localhost", checkHostName: false)
        #expect(throws: TLSError.self) { _ = try session.handshake() }  // the ClientHello write fails with EPIPE
        #expect(brokenPipeSignals == 0)
    }
}
