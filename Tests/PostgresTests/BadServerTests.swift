#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Postgres
import PostgresTestSupport
import SystemCalls
import Testing

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
