@testable import Postgres
import SystemCalls
import PostgresTestSupport
import Testing

/// TLS against the test server, whose certificate (SAN DNS:localhost only) is signed by a CA the test made.
@Suite struct TLSTests {
    let server: PrivatePostgres
    init() throws {
        server = try PrivatePostgres.shared()
        try #require(TLSSession.loadLibrary() == nil, "libssl.so.3 must be installed for the TLS tests (apt-get install libssl3)")
    }

    func settings(_ mode: String, host: String = "localhost", rootCert: String? = nil, user: String = "u_tls") throws -> PostgresConfiguration {
        var s = ["sslmode": mode, "password": PrivatePostgres.password]
        s["sslrootcert"] = rootCert ?? server.caFile
        return try server.configuration(user: user, host: host, settings: s)
    }

    @Test func verifyFullWithTheRightHostName() throws {
        let c = try PostgresConnection.connect(try settings("verify-full"))
        defer { c.close() }
        #expect(c.isEncrypted)
        #expect(try c.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")[0].bool(0) == true)
    }

    @Test func verifyFullRefusesAWrongHostName() throws {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection.connect(try settings("verify-full", host: "127.0.0.1")) }
        guard case .tls(let text)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(text.contains("mismatch") || text.contains("certificate verify failed"), "\(text)")
    }

    @Test func verifyCAChecksOnlyTheChain() throws {
        let c = try PostgresConnection.connect(try settings("verify-ca", host: "127.0.0.1"))
        defer { c.close() }
        #expect(c.isEncrypted)
    }

    @Test func verificationAgainstAnotherCAFails() throws {
        // The system store does not know our test CA.
        let error = #expect(throws: PostgresError.self) { try PostgresConnection.connect(try settings("verify-ca", rootCert: "system")) }
        guard case .tls(let text)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(text.contains("certificate"), "\(text)")
    }

    @Test func missingRootCertificateFileIsAClearError() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection.connect(try settings("verify-full", rootCert: "\(server.directory)/no-such-ca.crt"))
        }
        #expect(error?.description.contains("root certificate file") == true)
        #expect(error?.description.contains("sslrootcert=system") == true)
    }

    @Test func requireEncryptsWithoutVerifying() throws {
        let c = try PostgresConnection.connect(try settings("require", host: "127.0.0.1", rootCert: "\(server.directory)/no-such-ca.crt"))
        defer { c.close() }
        #expect(c.isEncrypted)
    }

    @Test func preferUsesTLSWhenOffered() throws {
        let c = try PostgresConnection.connect(try settings("prefer", host: "127.0.0.1", rootCert: "\(server.directory)/none"))
        defer { c.close() }
        #expect(c.isEncrypted)
        #expect(c.warnings.isEmpty)
    }

    @Test func withoutLibsslPreferFallsBackAndStricterModesNameThePackage() throws {
        let missing = { "libssl.so.3 could not be loaded (test)" }
        let plain = try PostgresConnection.connect(try settings("prefer", user: "u_scram"), deadline: nil, loadTLS: missing)
        defer { plain.close() }
        #expect(!plain.isEncrypted)
        #expect(try plain.query("SELECT 1")[0][0] == "1")
        for mode in ["require", "verify-ca", "verify-full"] {
            let error = #expect(throws: PostgresError.self) {
                try PostgresConnection.connect(try settings(mode), deadline: nil, loadTLS: missing)
            }
            #expect(error?.description.contains("libssl3") == true, "\(String(describing: error))")
        }
    }

    @Test func hostsslRuleRefusesPlaintext() throws {
        let error = #expect(throws: PostgresError.self) { try PostgresConnection.connect(try settings("disable")) }
        #expect(error?.sqlState == "28000")  // no pg_hba.conf entry
        #expect(error?.description.contains(PrivatePostgres.password) == false)
    }
}
