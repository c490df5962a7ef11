#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Postgres
import SystemCalls
import Testing

/// A loopback TCP listener run by the test: it accepts one connection and answers with `reply`
/// (or holds it silently when nil) until the test ends.
final class FakeServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let done: (read: FileDescriptor, write: FileDescriptor)

    init(reply: [UInt8]?) throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = listener
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 && listen(fd, 4) == 0
            }
        }
        guard ok else { throw Errno(errno, call: "listen") }
        port = UInt16(bigEndian: address.sin_port)
        done = try FileDescriptor.pipe()
        let stop = done.read
        Threads.detach {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            var request = [UInt8](repeating: 0, count: 1024)
            _ = read(client, &request, request.count)
            if let reply { _ = reply.withUnsafeBytes { write(client, $0.baseAddress, $0.count) } }
            _ = try? Poll.wait([(stop, .readable)], timeout: 30_000_000_000)  // hold until the test ends
            close(client)
        }
    }

    deinit {
        try? done.write.close()  // wakes the thread, which closes the client socket
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}

@Suite struct BadServerTests {
    func settings(port: UInt16, host: String = "127.0.0.1", sslmode: String = "disable", timeout: String = "2") throws -> PostgresConfiguration {
        try PostgresConfiguration.resolve(
            url: nil, settings: ["host": host, "port": String(port), "user": "u", "sslmode": sslmode, "connect_timeout": timeout],
            environment: [:], userName: nil, homeDirectory: nil)
    }

    @Test func wrongPortIsRefused() throws {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection.connect(try settings(port: try freePort())) }
        guard case .connect(let text)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(text.contains("Connection refused"))
        #expect(text.contains("127.0.0.1"))
    }

    @Test func unresolvableHostIsAClearError() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection.connect(try settings(port: 5432, host: "no-such-host.invalid"))
        }
        guard case .connect(let text)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(text.contains("could not resolve host \"no-such-host.invalid\""))
    }

    @Test func unreachableAddressTimesOut() throws {
        // 192.0.2.0/24 is TEST-NET-1: never routed, so connect hangs (or fails at once without a route).
        // Our deadline ends the wait (.timeout), or the connect fails at once; the kernel's own timeout (a
        // "timed out" connect error, minutes later) would mean the deadline was ignored.
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection.connect(try settings(port: 5432, host: "192.0.2.1"), deadline: SystemClock.monotonic() + 500_000_000)
        }
        switch error {
        case .timeout?: break
        case .connect(let text)?: #expect(!text.contains("timed out"), "\(text)")
        default: Issue.record("\(String(describing: error))")
        }
    }

    @Test(arguments: [
        (Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8), "\"HTTP/1.1 400 Bad"),
        (Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), "SSH-2.0-"),
        ([UInt8(ascii: "R"), 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0], "message of 2147483647 bytes"),
        ([UInt8(ascii: "R"), 0, 0, 0, 2], "message of 2 bytes"),
        ([UInt8(ascii: "R"), 0, 0, 0, 8, 0, 0, 0, 99], "unknown authentication request 99"),
        ([UInt8(ascii: "D"), 0, 0, 0, 4], "sent \"D\\x00\\x00\\x00\\x04\""),
    ])
    func garbageFromANonPostgresServerIsAClearError(reply: [UInt8], expected: String) throws {
        let fake = try FakeServer(reply: reply)
        let error = #expect(throws: PostgresError.self) { try PostgresConnection.connect(try settings(port: fake.port)) }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
        if case .protocolViolation? = error {} else { Issue.record("\(String(describing: error))") }
    }

    @Test func garbageAnswerToTheTLSRequest() throws {
        try #require(TLSSession.loadLibrary() == nil, "libssl3 is needed for this test")
        let fake = try FakeServer(reply: Array("HTTP/1.1 400".utf8))
        let error = #expect(throws: PostgresError.self) { try PostgresConnection.connect(try settings(port: fake.port, sslmode: "require")) }
        #expect(error?.description.contains("answered the TLS request with \"H\"") == true, "\(String(describing: error))")
    }

    /// Silent after accepting; silent after agreeing to TLS (the handshake hangs).
    @Test(arguments: [("disable", nil), ("require", nil), ("require", [UInt8(ascii: "S")])] as [(String, [UInt8]?)])
    func aServerThatHangsAfterAcceptingTimesOut(sslmode: String, reply: [UInt8]?) throws {
        if sslmode == "require" { try #require(TLSSession.loadLibrary() == nil, "libssl3 is needed for this test") }
        let fake = try FakeServer(reply: reply)
        let start = SystemClock.monotonic()
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection.connect(try settings(port: fake.port, sslmode: sslmode), deadline: SystemClock.monotonic() + 300_000_000)
        }
        #expect(SystemClock.monotonic() - start >= 250_000_000)  // not before the deadline; the .timeout says it ended there
        guard case .timeout? = error else { Issue.record("\(String(describing: error))"); return }
    }

}
