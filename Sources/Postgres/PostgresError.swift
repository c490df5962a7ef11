/// The fields of an ErrorResponse or NoticeResponse (the protocol's one-letter codes).
public struct PostgresServerMessage: Sendable, Equatable, CustomStringConvertible {
    public var fields: [UInt8: String]
    public init(fields: [UInt8: String]) { self.fields = fields }

    /// ERROR, FATAL, PANIC, WARNING, NOTICE, … (the non-localized `V` field when present).
    public var severity: String { fields[UInt8(ascii: "V")] ?? fields[UInt8(ascii: "S")] ?? "ERROR" }
    /// The SQLSTATE, e.g. "23505" (unique violation), "28P01" (wrong password), "40001" (serialization).
    public var code: String { fields[UInt8(ascii: "C")] ?? "" }
    public var message: String { fields[UInt8(ascii: "M")] ?? "" }
    public var detail: String? { fields[UInt8(ascii: "D")] }
    public var hint: String? { fields[UInt8(ascii: "H")] }
    /// 1-based character position in the statement, as text.
    public var position: String? { fields[UInt8(ascii: "P")] }
    public var constraint: String? { fields[UInt8(ascii: "n")] }

    /// "ERROR 28P01: password authentication failed for user "x"" plus DETAIL/HINT lines.
    public var description: String {
        var text = "\(severity) \(code): \(message)"
        if let detail { text += "\nDETAIL: \(detail)" }
        if let hint { text += "\nHINT: \(hint)" }
        return text
    }
}

/// Everything that can go wrong talking to PostgreSQL. Descriptions never contain a password.
public enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Host name resolution, socket or connect failure (the text names host and port).
    case connect(String)
    /// A connect, read or write deadline passed.
    case timeout(String)
    /// The server sent something PostgreSQL would not: probably not a PostgreSQL server.
    case protocolViolation(String)
    /// We refused or could not perform the authentication the server asked for.
    case authentication(String)
    /// TLS could not be set up, or libssl is missing for an sslmode that needs it.
    case tls(String)
    /// The server reported an error (for a statement of a pipeline: its index).
    case server(PostgresServerMessage, statement: Int? = nil)
    /// The connection broke (or was closed); it can't be used any more.
    case connectionLost(String)
    /// The caller passed something the protocol can't carry (a NUL byte in text, too many parameters).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .connect(let s): "could not connect: \(s)"
        case .timeout(let s): "timed out: \(s)"
        case .protocolViolation(let s): "not a PostgreSQL server, or a broken one: \(s)"
        case .authentication(let s): "authentication: \(s)"
        case .tls(let s): "TLS: \(s)"
        case .server(let m, let statement): statement.map { "statement \($0 + 1): \(m)" } ?? m.description
        case .connectionLost(let s): "connection lost: \(s)"
        case .invalidArgument(let s): s
        }
    }

    /// The server's SQLSTATE when this is a server error.
    public var sqlState: String? { if case .server(let m, _) = self { m.code } else { nil } }
}
