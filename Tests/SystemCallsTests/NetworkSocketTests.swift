#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite struct NetworkSocketTests {
    @Test func addressLiteralsResolveToThemselves() throws {
        #expect(try NameResolution.resolve(host: "127.0.0.1", port: 5432, timeout: 1_000_000_000).map(\.description) == ["127.0.0.1:5432"])
        #expect(try NameResolution.resolve(host: "::1", port: 80, timeout: 1_000_000_000).map(\.description) == ["[::1]:80"])
    }

    @Test func localhostResolvesThroughTheSystem() throws {
        let addresses = try NameResolution.resolve(host: "localhost", port: 1, timeout: 5_000_000_000).map(\.description)
        #expect(addresses.contains("127.0.0.1:1") || addresses.contains("[::1]:1"), "\(addresses)")
    }

    @Test func unknownNamesAreAnError() {
        let error = #expect(throws: NameResolutionError.self) {
            try NameResolution.resolve(host: "no-such-host.invalid", port: 1, timeout: 5_000_000_000)
        }
        #expect(error?.description.hasPrefix("could not resolve host \"no-such-host.invalid\": ") == true)
    }

    @Test func connectToAClosedPortIsRefusedAndToAListenerSucceeds() throws {
        let address = try NameResolution.resolve(host: "127.0.0.1", port: 1, timeout: 1_000_000_000)[0]
        #expect(throws: Errno(ECONNREFUSED)) { try NetworkSocket.connect(to: address, deadline: SystemClock.monotonic() + 1_000_000_000) }
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "netsock-test")
        defer { try? FileSystem.removeTree(dir) }
        let listener = try UnixSocket.listen(at: "\(dir)/s")
        defer { try? listener.close() }
        let client = try NetworkSocket.connect(unixPath: "\(dir)/s", deadline: SystemClock.monotonic() + 1_000_000_000)
        defer { try? client.close() }
        let server = try UnixSocket.accept(listener)
        defer { try? server.close() }
        #expect(try [UInt8]("ping".utf8).withUnsafeBytes { try client.send($0) } == 4)
        var buffer = [UInt8](repeating: 0, count: 8)
        #expect(try buffer.withUnsafeMutableBytes { try client.receive(into: $0) } == nil)  // nothing yet: would block
        #expect(try server.read(upTo: 8) == Array("ping".utf8))
    }

    @Test func randomBytesDiffer() throws {
        let a = try SystemRandom.bytes(32), b = try SystemRandom.bytes(32)
        #expect(a.count == 32 && b.count == 32)
        #expect(a != b)
    }
}
