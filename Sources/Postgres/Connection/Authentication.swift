import SystemCalls

extension Connector {
    /// StartupMessage, authentication, then the startup phase's ParameterStatus/BackendKeyData until ReadyForQuery.
    func startup(_ transport: Transport) throws(PostgresError) -> PostgresConnection {
        let c = configuration
        var w = MessageWriter()
        w.message(nil) { m in
            m.int32(196608)  // protocol 3.0
            var options = [("user", c.user), ("database", c.database), ("client_encoding", "UTF8"),
                           ("DateStyle", "ISO"), ("TimeZone", "UTC")]
            if let name = c.applicationName { options.append(("application_name", name)) }
            for (key, value) in options { m.cString(key); m.cString(value) }
            m.raw([0])
        }
        try transport.send(w.bytes, deadline: deadline)
        let connection = PostgresConnection(transport: transport, configuration: c)
        var state = Authenticator(connector: self, transport: transport)
        var processID: Int32 = 0, secretKey: Int32 = 0
        while true {
            let message = try connection.receive(deadline: deadline, allowed: Backend.startup)
            var reader = MessageReader(message.body)
            switch message.type {
            case Backend.authentication:
                try state.handle(&reader)
            case Backend.backendKeyData:
                processID = try reader.int32()
                secretKey = try reader.int32()
            case Backend.errorResponse:
                transport.close()
                throw .server(try PostgresConnection.serverMessage(message.body))
            case Backend.negotiateProtocol:
                continue  // the server lacks a minor-version feature we did not ask for
            case Backend.readyForQuery:
                guard state.finished else { transport.close(); throw .protocolViolation("ReadyForQuery before authentication") }
                try connection.readyForQuery(message.body)
                connection.started(processID: processID, secretKey: secretKey, parameters: connection.parameters,
                                   notices: connection.notices, warnings: warnings + state.warnings)
                return connection
            default:
                transport.close()
                throw .protocolViolation("unexpected message \(Transport.show([message.type][...])) during startup")
            }
        }
    }
}

/// Answers the server's Authentication requests: trust, cleartext (only over TLS or a Unix socket), md5,
/// SCRAM-SHA-256. Kerberos, GSSAPI and SSPI are refused with a clear message.
struct Authenticator {
    let connector: Connector
    let transport: Transport
    var finished = false
    var warnings: [String] = []
    private var scram: SCRAMClient?
    private var passwordCache: String??

    init(connector: Connector, transport: Transport) { self.connector = connector; self.transport = transport }

    mutating func handle(_ reader: inout MessageReader) throws(PostgresError) {
        let code = try reader.int32()
        switch code {
        case 0: finished = true
        case 3:
            guard transport.isEncrypted || connector.configuration.isUnixSocket else {
                throw fail(.authentication("the server asks for the password in cleartext over an unencrypted TCP connection: refused (use sslmode=require or stronger, or md5/scram-sha-256 in pg_hba.conf)"))
            }
            try sendPassword(Array(try password().utf8) + [0])
        case 5:
            let salt = Array(try reader.take(4))
            let c = connector.configuration
            let inner = hexString(MD5.hash(Array(try password().utf8) + Array(c.user.utf8)))
            try sendPassword(Array("md5".utf8) + Array(hexString(MD5.hash(Array(inner.utf8) + salt)).utf8) + [0])
        case 10: try startSCRAM(&reader)
        case 11: try continueSCRAM(Array(reader.rest()))
        case 12:
            guard let scram else { throw fail(.protocolViolation("SASL final message without a SASL exchange")) }
            do { try scram.verify(serverFinal: String(decoding: reader.rest(), as: UTF8.self)) } catch { throw fail(.authentication("\(error)")) }
        case 2, 6, 7, 8, 9:
            throw fail(.authentication("the server asks for Kerberos/GSSAPI/SSPI authentication (code \(code)), which is not supported: use scram-sha-256 in pg_hba.conf"))
        default:
            throw fail(.protocolViolation("unknown authentication request \(code)"))
        }
    }

    private func fail(_ error: PostgresError) -> PostgresError { transport.close(); return error }

    /// The password: from the settings or PGPASSWORD, else the password file; an error when there is none.
    private mutating func password() throws(PostgresError) -> String {
        if let cached = passwordCache, let cached { return cached }
        let c = connector.configuration
        var found = c.password
        if found == nil, let file = c.passFile {
            let result = PassFile.lookup(path: file, host: c.host, port: c.port, database: c.database, user: c.user)
            if let warning = result.warning { warnings.append(warning) }
            found = result.password
        }
        guard let found else {
            throw fail(.authentication("the server asks for a password for user \"\(c.user)\" and none is set (PGPASSWORD or \(c.passFile ?? "~/.pgpass"))" + warnings.map { "; \($0)" }.joined()))
        }
        passwordCache = .some(found)
        return found
    }

    private func sendPassword(_ bytes: [UInt8]) throws(PostgresError) {
        var w = MessageWriter()
        w.message(UInt8(ascii: "p")) { $0.raw(bytes) }
        try transport.send(w.bytes, deadline: connector.deadline)
    }

    private mutating func startSCRAM(_ reader: inout MessageReader) throws(PostgresError) {
        var mechanisms: [String] = []
        while !reader.isAtEnd {
            let name = try reader.cString()
            if name.isEmpty { break }
            mechanisms.append(name)
        }
        guard mechanisms.contains("SCRAM-SHA-256") else {
            throw fail(.authentication("the server offers only \(mechanisms.joined(separator: ", ")); SCRAM-SHA-256 is supported"))
        }
        let random: [UInt8]
        do { random = try SystemRandom.bytes(18) } catch { throw fail(.authentication("no random nonce: \(error)")) }
        let client = SCRAMClient(password: try password(), nonce: SCRAMClient.makeNonce(random))
        scram = client
        let first = Array(client.firstMessage.utf8)
        var w = MessageWriter()
        w.message(UInt8(ascii: "p")) { m in
            m.cString("SCRAM-SHA-256")
            m.int32(Int32(first.count))
            m.raw(first)
        }
        try transport.send(w.bytes, deadline: connector.deadline)
    }

    private mutating func continueSCRAM(_ serverFirst: [UInt8]) throws(PostgresError) {
        guard var client = scram else { throw fail(.protocolViolation("SASL continue without a SASL exchange")) }
        let final: String
        do { final = try client.finalMessage(serverFirst: String(decoding: serverFirst, as: UTF8.self)) } catch {
            throw fail(.authentication("\(error)"))
        }
        scram = client
        try sendPassword(Array(final.utf8))
    }
}
