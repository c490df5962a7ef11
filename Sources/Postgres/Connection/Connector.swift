import SystemCalls

/// The connect phase: socket, optional TLS (SSLRequest), StartupMessage, authentication, until the first
/// ReadyForQuery. Only connect errors carry the host; none carries the password.
struct Connector {
    let configuration: PostgresConfiguration
    let deadline: Int64
    /// Why libssl can't be loaded (nil: it can). Asked only when sslmode may use TLS.
    let tlsMissing: () -> String?
    var warnings: [String] = []

    /// Warn about a missing libssl once per process, not on every reconnect.
    nonisolated(unsafe) static var warnedAboutMissingTLS = false

    init(configuration: PostgresConfiguration, deadline: Int64, tlsMissing: @escaping () -> String?) {
        self.configuration = configuration
        self.deadline = deadline
        self.tlsMissing = tlsMissing
    }

    mutating func run() throws(PostgresError) -> PostgresConnection {
        let transport = try open()
        do {
            try negotiateTLS(transport)
        } catch let error where configuration.sslMode == .prefer && isHandshakeFailure(error) {
            // As libpq: with sslmode=prefer, a failed handshake is retried without TLS.
            warnings.append("TLS handshake with \(transport.peer) failed, continuing without TLS (sslmode=prefer): \(error)")
            var plain = self
            plain.warnings = warnings
            return try plain.startup(try open())
        }
        return try startup(transport)
    }

    private func isHandshakeFailure(_ error: PostgresError) -> Bool {
        if case .tls = error { return true }
        return false
    }

    /// A connected socket: the Unix socket `<host>/.s.PGSQL.<port>`, or the first address of the host that accepts.
    private func open() throws(PostgresError) -> Transport {
        let c = configuration
        if c.isUnixSocket {
            do {
                return Transport(socket: try NetworkSocket.connect(unixPath: c.socketPath, deadline: deadline), peer: c.socketPath,
                                 endpoint: .unix(c.socketPath))
            } catch let e as Errno where e == .timedOut {
                throw .timeout("connecting to \(c.socketPath)")
            } catch {
                throw .connect("\(c.socketPath): \(Self.reason(error)) (is the server running and accepting connections on that socket?)")
            }
        }
        let addresses: [SocketAddress]
        do {
            addresses = try NameResolution.resolve(host: c.host, port: c.port, timeout: max(deadline - SystemClock.monotonic(), 0))
        } catch {
            throw .connect("\(error)")
        }
        var failures: [String] = []
        for address in addresses {
            do {
                return Transport(socket: try NetworkSocket.connect(to: address, deadline: deadline), peer: "\(c.host):\(c.port)",
                                 endpoint: .tcp(address))
            } catch let e as Errno where e == .timedOut {
                throw .timeout("connecting to \(c.host) (\(address))")
            } catch {
                failures.append("\(address): \(Self.reason(error))")
            }
        }
        throw .connect("\(c.host) port \(c.port): \(failures.joined(separator: "; "))")
    }

    /// strerror text without the "connect <address>:" prefix our Errno carries.
    static func reason(_ error: Error) -> String { (error as? Errno)?.message ?? "\(error)" }

    /// SSLRequest and handshake as sslmode asks. Unix sockets never use TLS (as libpq).
    private mutating func negotiateTLS(_ transport: Transport) throws(PostgresError) {
        let c = configuration
        guard !c.isUnixSocket, c.sslMode != .disable, c.sslMode != .allow else { return }
        if let missing = tlsMissing() {
            if c.sslMode.requiresTLS {
                throw .tls("sslmode=\(c.sslMode.rawValue) needs OpenSSL 3: \(missing). Install the Debian package libssl3 (libssl3t64 on newer releases)")
            }
            if !Self.warnedAboutMissingTLS {
                Self.warnedAboutMissingTLS = true
                warnings.append("TLS unavailable (\(missing); install libssl3): connecting without TLS (sslmode=prefer)")
            }
            return
        }
        var w = MessageWriter()
        w.message(nil) { $0.int32(80877103) }  // SSLRequest
        try transport.send(w.bytes, deadline: deadline)
        let answer = try transport.readByte(deadline: deadline)
        switch answer {
        case UInt8(ascii: "S"): break
        case UInt8(ascii: "N"):
            if c.sslMode.requiresTLS { throw .tls("the server at \(transport.peer) does not support TLS, and sslmode=\(c.sslMode.rawValue)") }
            return
        case UInt8(ascii: "E"):
            throw .protocolViolation("the server at \(transport.peer) answered the TLS request with an error (a server older than 7.2?)")
        default:
            throw .protocolViolation("\(transport.peer) answered the TLS request with \(Transport.show([answer][...]))")
        }
        try transport.startTLS(try session(for: transport), deadline: deadline)
    }

    /// The OpenSSL session with the verification sslmode asks for (libpq's rules, including
    /// "require verifies the chain when a root certificate file exists").
    private func session(for transport: Transport) throws(PostgresError) -> TLSSession {
        let c = configuration
        var verify = c.sslMode == .verifyCA || c.sslMode == .verifyFull
        let caFile = c.rootCertificatePath
        if let caFile {
            let exists = FileSystem.exists(caFile)
            if verify && !exists {
                throw .tls("root certificate file \"\(caFile)\" does not exist: provide it (sslrootcert), use sslrootcert=system for the system's trusted roots, or choose an sslmode that does not verify the server")
            }
            if c.sslMode == .require && exists && c.sslRootCert != "system" { verify = true }
        }
        do {
            return try TLSSession(socket: transport.socket, verifyChain: verify, caFile: caFile,
                                  hostName: c.host, checkHostName: c.sslMode == .verifyFull)
        } catch {
            throw .tls("\(error)")
        }
    }
}
