import SystemCalls

/// One connection to a PostgreSQL server (protocol 3.0). Not thread-safe: use it from one thread.
/// Every call takes a monotonic deadline (`SystemClock.monotonic()` nanoseconds); when it passes, the
/// connection is closed and `.timeout` thrown. After any error other than `.server`, the connection is closed.
public final class PostgresConnection {
    let transport: Transport
    public let configuration: PostgresConfiguration
    /// ParameterStatus values the server reported (server_version, TimeZone, …).
    public private(set) var parameters: [String: String] = [:]
    /// The transaction status of the last ReadyForQuery: "I" idle, "T" in a transaction, "E" failed transaction.
    public private(set) var transactionStatus: UInt8 = UInt8(ascii: "I")
    /// BackendKeyData: the server process id (for pg_cancel_backend or logs).
    public private(set) var backendProcessID: Int32 = 0
    /// BackendKeyData's secret, for a CancelRequest.
    var secretKey: Int32 = 0
    /// Warnings to log (an ignored password file, plaintext fallback); appended during connect.
    public internal(set) var warnings: [String] = []
    /// Notices the server sent (NoticeResponse), oldest first; the caller may clear them.
    public var notices: [PostgresServerMessage] = []
    /// SQL text → name of the prepared statement the server keeps for it (`PostgresStatement.prepared`).
    var preparedStatements: [String: String] = [:]
    var nextStatementNumber = 0

    init(transport: Transport, configuration: PostgresConfiguration) {
        self.transport = transport
        self.configuration = configuration
    }

    deinit { transport.close() }

    /// Whether the connection is encrypted with TLS.
    public var isEncrypted: Bool { transport.isEncrypted }
    /// False once the connection broke or was closed.
    public var isOpen: Bool { !transport.isClosed }
    /// "host:port" or the socket path.
    public var peer: String { transport.peer }

    /// Connects, negotiates TLS per sslmode, authenticates and waits for ReadyForQuery, all before
    /// `deadline` (default: now + the configuration's connect timeout). The session runs with
    /// TimeZone=UTC, DateStyle=ISO and client_encoding=UTF8, so timestamps read back as UTC ISO text.
    public static func connect(_ configuration: PostgresConfiguration, deadline: Int64? = nil) throws(PostgresError) -> PostgresConnection {
        try connect(configuration, deadline: deadline, loadTLS: { TLSSession.loadLibrary() })
    }

    /// `loadTLS` stands in for `TLSSession.loadLibrary` (tests simulate a machine without libssl3).
    static func connect(_ configuration: PostgresConfiguration, deadline: Int64?, loadTLS: @escaping () -> String?) throws(PostgresError) -> PostgresConnection {
        let deadline = deadline ?? SystemClock.monotonic() + configuration.connectTimeout
        var connector = Connector(configuration: configuration, deadline: deadline, tlsMissing: loadTLS)
        return try connector.run()
    }

    /// Sends Terminate and closes the socket. Safe to call twice.
    public func close() {
        guard isOpen else { return }
        var w = MessageWriter()
        w.message(UInt8(ascii: "X")) { _ in }
        try? transport.send(w.bytes, deadline: SystemClock.monotonic() + 100_000_000)
        transport.close()
    }

    /// Reads the next message, handling the asynchronous ones (ParameterStatus, NoticeResponse,
    /// NotificationResponse) on the way.
    func receive(deadline: Int64, allowed: Set<UInt8> = Backend.known) throws(PostgresError) -> (type: UInt8, body: [UInt8]) {
        while true {
            let message = try transport.receiveMessage(deadline: deadline, allowed: allowed)
            var reader = MessageReader(message.body)
            switch message.type {
            case Backend.parameterStatus:
                let name = try reader.cString()
                parameters[name] = try reader.cString()
            case Backend.noticeResponse:
                notices.append(try Self.serverMessage(message.body))
                if notices.count > 100 { notices.removeFirst(notices.count - 100) }
            case Backend.notification:
                continue
            default:
                return message
            }
        }
    }

    /// Decodes ErrorResponse/NoticeResponse fields.
    static func serverMessage(_ body: [UInt8]) throws(PostgresError) -> PostgresServerMessage {
        var reader = MessageReader(body)
        var fields: [UInt8: String] = [:]
        while !reader.isAtEnd {
            let code = try reader.byte()
            if code == 0 { break }
            fields[code] = try reader.cString()
        }
        return PostgresServerMessage(fields: fields)
    }

    /// Remembers ReadyForQuery's transaction status.
    func readyForQuery(_ body: [UInt8]) throws(PostgresError) {
        guard body.count == 1, [UInt8(ascii: "I"), UInt8(ascii: "T"), UInt8(ascii: "E")].contains(body[0]) else {
            throw .protocolViolation("bad ReadyForQuery")
        }
        transactionStatus = body[0]
    }

    /// Called once connected: backend key data and status from the startup phase.
    func started(processID: Int32, secretKey: Int32, parameters: [String: String], notices: [PostgresServerMessage], warnings: [String]) {
        backendProcessID = processID
        self.secretKey = secretKey
        self.parameters = parameters
        self.notices = notices
        self.warnings = warnings
    }
}
