import SystemCalls

/// A statement with text-format parameters ($1, $2, …; nil is NULL). Values are sent apart from the SQL
/// (extended query protocol), so job names and other text are never spliced into SQL.
public struct PostgresStatement: Sendable, Equatable {
    public var sql: String
    public var parameters: [String?]
    /// Keep the parsed statement on the connection (a named prepared statement) and only Bind/Execute it
    /// next time: for statements sent again and again, the server skips parsing and planning afresh.
    public var prepared: Bool
    public init(_ sql: String, _ parameters: [String?] = [], prepared: Bool = false) {
        self.sql = sql; self.parameters = parameters; self.prepared = prepared
    }
}

extension PostgresConnection {
    /// The deadline for a statement when the caller gives none: 10 s from now.
    public static let defaultStatementTimeout: Int64 = 10_000_000_000

    /// Runs one statement (Parse/Bind/Describe/Execute/Sync) and returns its rows.
    public func query(_ sql: String, _ parameters: [String?] = [], deadline: Int64? = nil) throws(PostgresError) -> [PostgresRow] {
        try execute(sql, parameters, deadline: deadline).rows
    }

    /// Runs one statement and returns its whole result (rows, columns, command tag).
    public func execute(_ sql: String, _ parameters: [String?] = [], deadline: Int64? = nil) throws(PostgresError) -> PostgresResult {
        try pipeline([PostgresStatement(sql, parameters)], deadline: deadline)[0]
    }

    /// Sends every statement, then one Sync, in one write, and reads all the results: one round trip.
    /// Statements before the one Sync run in one implicit transaction (unless the caller opened one):
    /// if one fails, the server skips the rest and rolls all of them back, and `.server(_, statement: i)`
    /// names the failed statement.
    public func pipeline(_ statements: [PostgresStatement], deadline: Int64? = nil) throws(PostgresError) -> [PostgresResult] {
        let deadline = deadline ?? SystemClock.monotonic() + Self.defaultStatementTimeout
        var w = MessageWriter()
        for statement in statements {
            let (name, known) = preparedName(statement)
            try Self.encode(statement, name: name, parse: !known, into: &w)
        }
        w.message(UInt8(ascii: "S")) { _ in }
        do {
            return try cancellingOnTimeout { () throws(PostgresError) -> [PostgresResult] in
                try transport.send(w.bytes, deadline: deadline)
                return try readResults(expected: statements.count, deadline: deadline)
            }
        } catch {
            // A failed pipeline may have left a statement unparsed (or a schema change made one stale):
            // parse everything again under new names next time. A name that did get parsed stays unused.
            preparedStatements.removeAll()
            throw error
        }
    }

    /// The statement name to bind (empty: the unnamed statement) and whether the server already has it.
    private func preparedName(_ statement: PostgresStatement) -> (String, Bool) {
        guard statement.prepared else { return ("", false) }
        if let name = preparedStatements[statement.sql] { return (name, true) }
        nextStatementNumber += 1
        let name = "scheduler_\(nextStatementNumber)"
        preparedStatements[statement.sql] = name
        return (name, false)
    }

    /// Runs SQL text through the simple query protocol (several statements separated by ";", no
    /// parameters): for DDL, BEGIN/COMMIT, SET. One result per statement.
    public func simpleQuery(_ sql: String, deadline: Int64? = nil) throws(PostgresError) -> [PostgresResult] {
        let deadline = deadline ?? SystemClock.monotonic() + Self.defaultStatementTimeout
        try Self.checkNoNUL(sql, "the SQL text")
        var w = MessageWriter()
        w.message(UInt8(ascii: "Q")) { $0.cString(sql) }
        return try cancellingOnTimeout { () throws(PostgresError) -> [PostgresResult] in
            try transport.send(w.bytes, deadline: deadline)
            return try readResults(expected: nil, deadline: deadline)
        }
    }

    /// BEGIN, `body`, COMMIT; ROLLBACK (when the connection still works) if `body` throws.
    public func transaction<R>(deadline: Int64? = nil, _ body: (PostgresConnection) throws -> R) throws -> R {
        _ = try simpleQuery("BEGIN", deadline: deadline)
        do {
            let result = try body(self)
            _ = try simpleQuery("COMMIT", deadline: deadline)
            return result
        } catch {
            if isOpen { _ = try? simpleQuery("ROLLBACK", deadline: deadline) }
            throw error
        }
    }

    /// Runs `body`; when a deadline passes (the connection is then closed), asks the server to cancel the
    /// statement, so a backend blocked on a lock or a long query does not run on without us.
    private func cancellingOnTimeout<R>(_ body: () throws(PostgresError) -> R) throws(PostgresError) -> R {
        do { return try body() } catch {
            if case .timeout = error { sendCancelRequest() }
            throw error
        }
    }

    /// CancelRequest on a new connection to the same endpoint, best effort, within one second.
    func sendCancelRequest() {
        guard backendProcessID != 0 else { return }
        let deadline = SystemClock.monotonic() + 1_000_000_000
        let socket: FileDescriptor
        do {
            switch transport.endpoint {
            case .unix(let path): socket = try NetworkSocket.connect(unixPath: path, deadline: deadline)
            case .tcp(let address): socket = try NetworkSocket.connect(to: address, deadline: deadline)
            }
        } catch { return }
        let cancel = Transport(socket: socket, peer: transport.peer, endpoint: transport.endpoint)
        var w = MessageWriter()
        w.message(nil) { m in m.int32(80877102); m.int32(backendProcessID); m.int32(secretKey) }
        try? cancel.send(w.bytes, deadline: deadline)
        cancel.close()
    }

    static func encode(_ statement: PostgresStatement, name: String = "", parse: Bool = true,
                       into w: inout MessageWriter) throws(PostgresError) {
        try checkNoNUL(statement.sql, "the SQL text")
        guard statement.parameters.count <= Int(Int16.max) else { throw .invalidArgument("more than 32767 parameters") }
        for (i, p) in statement.parameters.enumerated() { if let p { try checkNoNUL(p, "parameter $\(i + 1)") } }
        if parse { w.message(UInt8(ascii: "P")) { m in m.cString(name); m.cString(statement.sql); m.int16(0) } }
        w.message(UInt8(ascii: "B")) { m in
            m.cString(""); m.cString(name)
            m.int16(0)  // all parameters in text format
            m.int16(Int16(statement.parameters.count))
            for p in statement.parameters {
                if let p { let bytes = Array(p.utf8); m.int32(Int32(bytes.count)); m.raw(bytes) } else { m.int32(-1) }
            }
            m.int16(0)  // all results in text format
        }
        w.message(UInt8(ascii: "D")) { m in m.raw([UInt8(ascii: "P")]); m.cString("") }
        w.message(UInt8(ascii: "E")) { m in m.cString(""); m.int32(0) }
    }

    /// PostgreSQL text can't hold NUL; refusing it here keeps the message framing intact.
    static func checkNoNUL(_ text: String, _ what: String) throws(PostgresError) {
        if text.utf8.contains(0) { throw .invalidArgument("\(what) contains a NUL character, which PostgreSQL text cannot hold") }
    }

    /// Reads results until ReadyForQuery. `expected`: the pipeline's statement count (nil for simple query).
    private func readResults(expected: Int?, deadline: Int64) throws(PostgresError) -> [PostgresResult] {
        var results: [PostgresResult] = []
        var current = PostgresResult(columns: [], rows: [], commandTag: "")
        var failure: PostgresError?
        while true {
            let message = try receive(deadline: deadline)
            var reader = MessageReader(message.body)
            switch message.type {
            case Backend.parseComplete, Backend.bindComplete, Backend.noData, Backend.closeComplete, Backend.parameterDescription:
                continue
            case Backend.rowDescription:
                current.columns = try Self.columnNames(&reader)
            case Backend.dataRow:
                current.rows.append(PostgresRow(columns: current.columns, values: try Self.values(&reader)))
            case Backend.commandComplete, Backend.emptyQuery:
                current.commandTag = message.type == Backend.emptyQuery ? "" : try reader.cString()
                results.append(current)
                current = PostgresResult(columns: [], rows: [], commandTag: "")
            case Backend.errorResponse:
                let index = expected == nil ? nil : results.count
                failure = .server(try Self.serverMessage(message.body), statement: expected == 1 ? nil : index)
            case Backend.readyForQuery:
                try readyForQuery(message.body)
                if let failure { throw failure }
                if let expected, results.count != expected { throw .protocolViolation("\(results.count) results for \(expected) statements") }
                return results
            case Backend.copyIn, Backend.copyOut, Backend.copyBoth:
                transport.close()
                throw .invalidArgument("COPY is not supported by this client (the connection was closed)")
            default:
                transport.close()
                throw .protocolViolation("unexpected message \(Transport.show([message.type][...])) in a query response")
            }
        }
    }

    static func columnNames(_ reader: inout MessageReader) throws(PostgresError) -> [String] {
        let count = Int(try reader.int16())
        var names: [String] = []
        for _ in 0..<max(count, 0) {
            names.append(try reader.cString())
            _ = try reader.take(18)  // table oid, column number, type oid, size, modifier, format
        }
        return names
    }

    static func values(_ reader: inout MessageReader) throws(PostgresError) -> [String?] {
        let count = Int(try reader.int16())
        var values: [String?] = []
        values.reserveCapacity(max(count, 0))
        for _ in 0..<max(count, 0) {
            let length = Int(try reader.int32())
            values.append(length < 0 ? nil : String(decoding: try reader.take(length), as: UTF8.self))
        }
        return values
    }
}
