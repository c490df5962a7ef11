/// Parses libpq connection strings into keyword → value: URIs
/// (`postgresql://[user[:password]@][host][:port][/dbname][?key=value&...]`, percent-encoded parts,
/// `[::1]` for IPv6) and keyword/value strings (`host=db port=5432 dbname='my db'`).
/// Errors carry the offset (Unicode scalars from 0) of the offending part.
enum ConnectionString {
    static func parse(_ text: String) throws(PostgresConfigurationError) -> [String: String] {
        let s = Array(text.unicodeScalars)
        for prefix in ["postgresql://", "postgres://"] where text.hasPrefix(prefix) {
            return try parseURI(s, from: prefix.unicodeScalars.count)
        }
        // Not `text.contains("://")`: that overload links _StringProcessing (1.5 MB in the static binary).
        if s.indices.contains(where: { $0 + 2 < s.count && s[$0] == ":" && s[$0 + 1] == "/" && s[$0 + 2] == "/" }) {
            throw PostgresConfigurationError("the URL must start with postgresql:// or postgres://", offset: 0)
        }
        return try parseKeywordValue(s)
    }

    /// Checks a keyword's value the way `PostgresConfiguration` will use it; the error message or nil.
    static func problem(_ key: String, _ value: String) -> String? {
        switch key {
        case "port": (UInt16(value).map { $0 > 0 } ?? false) ? nil : "invalid port \"\(value)\" (1-65535)"
        case "sslmode": PostgresConfiguration.SSLMode(rawValue: value) == nil
            ? "invalid sslmode \"\(value)\" (disable, allow, prefer, require, verify-ca, verify-full)" : nil
        case "connect_timeout": (Int(value).map { $0 >= 0 } ?? false) ? nil : "invalid connect_timeout \"\(value)\" (whole seconds)"
        default: PostgresConfiguration.keywords.contains(key) ? nil : "unknown parameter \"\(key)\""
        }
    }

    private static func parseURI(_ s: [Unicode.Scalar], from start: Int) throws(PostgresConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        var i = start
        let authorityEnd = s[i...].firstIndex { $0 == "/" || $0 == "?" } ?? s.count
        if let at = s[i..<authorityEnd].lastIndex(of: "@") {
            let colon = s[i..<at].firstIndex(of: ":")
            let user = try decode(s, i, colon ?? at)
            if !user.isEmpty { result["user"] = user }
            if let colon { result["password"] = try decode(s, colon + 1, at, secret: true) }
            i = at + 1
        }
        var hostEnd = authorityEnd
        if i < authorityEnd, s[i] == "[" {
            guard let close = s[i..<authorityEnd].firstIndex(of: "]") else {
                throw PostgresConfigurationError("IPv6 address without its closing \"]\"", offset: i)
            }
            result["host"] = String(String.UnicodeScalarView(s[(i + 1)..<close]))
            i = close + 1
            guard i == authorityEnd || s[i] == ":" else { throw PostgresConfigurationError("unexpected character after \"]\"", offset: i) }
            hostEnd = i
        } else {
            hostEnd = s[i..<authorityEnd].firstIndex(of: ":") ?? authorityEnd
            let host = try decode(s, i, hostEnd)
            if host.contains(",") || s[i..<authorityEnd].contains(",") {
                throw PostgresConfigurationError("several hosts are not supported", offset: i)
            }
            if !host.isEmpty { result["host"] = host }
        }
        if hostEnd < authorityEnd, s[hostEnd] == ":" {
            let port = try decode(s, hostEnd + 1, authorityEnd)
            if !port.isEmpty {
                if let problem = problem("port", port) { throw PostgresConfigurationError(problem, offset: hostEnd + 1, key: "port") }
                result["port"] = port
            }
        }
        i = authorityEnd
        if i < s.count, s[i] == "/" {
            let end = s[i...].firstIndex(of: "?") ?? s.count
            let name = try decode(s, i + 1, end)
            if !name.isEmpty { result["dbname"] = name }
            i = end
        }
        if i < s.count, s[i] == "?" { try parseQuery(s, from: i + 1, into: &result) }
        return result
    }

    private static func parseQuery(_ s: [Unicode.Scalar], from start: Int, into result: inout [String: String]) throws(PostgresConfigurationError) {
        var i = start
        while i < s.count {
            let end = s[i...].firstIndex(of: "&") ?? s.count
            guard let equals = s[i..<end].firstIndex(of: "=") else {
                throw PostgresConfigurationError("query parameter without \"=\"", offset: i)
            }
            var key = try decode(s, i, equals)
            var value = try decode(s, equals + 1, end, secret: key == "password")
            if key == "ssl", value == "true" { key = "sslmode"; value = "require" }  // JDBC spelling, as libpq accepts
            if let problem = problem(key, value) {
                throw PostgresConfigurationError(problem, offset: problem.hasPrefix("unknown") ? i : equals + 1, key: key)
            }
            result[key] = value
            i = end + 1
        }
    }

    /// Percent-decodes s[from..<to] as UTF-8. A secret's text never appears in an error.
    private static func decode(_ s: [Unicode.Scalar], _ from: Int, _ to: Int, secret: Bool = false) throws(PostgresConfigurationError) -> String {
        var bytes: [UInt8] = []
        var i = from
        while i < to {
            if s[i] == "%" {
                guard i + 2 < to, let hi = hexValue(s[i + 1]), let lo = hexValue(s[i + 2]) else {
                    throw PostgresConfigurationError(secret ? "invalid percent-encoding in the password" : "invalid percent-encoding", offset: i)
                }
                bytes.append(hi << 4 | lo)
                i += 3
            } else {
                bytes += Array(String(s[i]).utf8)
                i += 1
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self), !text.unicodeScalars.contains("\0") else {
            throw PostgresConfigurationError("percent-encoding is not valid UTF-8 text", offset: from)
        }
        return text
    }

    /// libpq's isspace. (Unicode.Scalar.properties would link the Unicode name tables.)
    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt8? {
        switch c {
        case "0"..."9": UInt8(c.value - 48)
        case "a"..."f": UInt8(c.value - 87)
        case "A"..."F": UInt8(c.value - 55)
        default: nil
        }
    }

    /// `key=value key='quoted \' value'` (libpq's conninfo syntax).
    private static func parseKeywordValue(_ s: [Unicode.Scalar]) throws(PostgresConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        var i = 0
        func skipSpace() { while i < s.count, isSpace(s[i]) { i += 1 } }
        skipSpace()
        while i < s.count {
            let keyStart = i
            while i < s.count, s[i] != "=", !isSpace(s[i]) { i += 1 }
            let key = String(String.UnicodeScalarView(s[keyStart..<i]))
            skipSpace()
            guard i < s.count, s[i] == "=" else { throw PostgresConfigurationError("missing \"=\" after \"\(key)\"", offset: keyStart) }
            i += 1
            skipSpace()
            let valueStart = i
            var value = String.UnicodeScalarView()
            let quoted = i < s.count && s[i] == "'"
            if quoted { i += 1 }
            while i < s.count {
                if s[i] == "\\", i + 1 < s.count { value.append(s[i + 1]); i += 2; continue }
                if quoted ? s[i] == "'" : isSpace(s[i]) { break }
                value.append(s[i]); i += 1
            }
            if quoted {
                guard i < s.count else { throw PostgresConfigurationError("unterminated quoted value", offset: valueStart) }
                i += 1
            }
            let text = String(value)
            if let problem = problem(key, text) {
                throw PostgresConfigurationError(problem, offset: problem.hasPrefix("unknown") ? keyStart : valueStart, key: key)
            }
            result[key] = text
            skipSpace()
        }
        return result
    }
}
