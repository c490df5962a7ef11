/// What `check` says about a `[cluster] url`: the problems `scheduler check` reports with a caret.
/// This only checks what the config file controls (scheme, password, parameter names, sslmode); the
/// connection itself is parsed by the Postgres client.
enum ClusterURL {
    struct Problem: Equatable {
        var offset: Int
        var length: Int
        var message: String
        var hint: String?
    }

    /// URI query parameters the client understands (libpq's names).
    static let parameters = ["host", "hostaddr", "port", "dbname", "user", "sslmode", "sslrootcert", "connect_timeout",
                             "application_name", "passfile"]

    static func problems(_ url: String) -> [Problem] {
        let c = Array(url.unicodeScalars)
        let schemes: [[Unicode.Scalar]] = [Array("postgres://".unicodeScalars), Array("postgresql://".unicodeScalars)]
        guard let scheme = schemes.first(where: { c.starts(with: $0) }) else {
            return [Problem(offset: 0, length: min(c.count, 8), message: "a URI starts with postgres:// or postgresql://",
                            hint: "write e.g. url = \"postgres://deploy@db.internal:5432/shop\"")]
        }
        let start = scheme.count
        var out: [Problem] = []
        let authorityEnd = c[start...].firstIndex { $0 == "/" || $0 == "?" } ?? c.count
        if let at = c[start..<authorityEnd].lastIndex(of: "@"), let colon = c[start..<at].firstIndex(of: ":") {
            out.append(Problem(offset: colon + 1, length: max(1, at - colon - 1), message: "the URI has a password",
                               hint: ConfigDecoder.passwordHint))
        }
        guard let q = c[authorityEnd...].firstIndex(of: "?") else { return out }
        var i = q + 1
        while i < c.count {
            let end = c[i...].firstIndex(of: "&") ?? c.count
            let eq = c[i..<end].firstIndex(of: "=") ?? end
            let key = String(String.UnicodeScalarView(c[i..<eq]))
            let value = eq < end ? String(String.UnicodeScalarView(c[(eq + 1)..<end])) : ""
            out += parameterProblem(key, value, keyAt: i, valueAt: eq + 1)
            i = end + 1
        }
        return out
    }

    private static func parameterProblem(_ key: String, _ value: String, keyAt: Int, valueAt: Int) -> [Problem] {
        switch key {
        case "password":
            return [Problem(offset: keyAt, length: key.count + 1 + value.count, message: "the URI has a password",
                            hint: ConfigDecoder.passwordHint)]
        case "sslmode" where !ClusterSettings.sslModes.contains(value):
            let hint = Suggest.closest(to: value, in: ClusterSettings.sslModes).map { "did you mean '\($0)'?" }
                ?? "sslmode is one of " + ClusterSettings.sslModes.joined(separator: ", ")
            return [Problem(offset: valueAt, length: max(1, value.count), message: "sslmode '\(value)' is not known", hint: hint)]
        case _ where !parameters.contains(key):
            let hint = Suggest.closest(to: key, in: parameters).map { "did you mean '\($0)'?" }
                ?? "known parameters: " + parameters.joined(separator: ", ")
            return [Problem(offset: keyAt, length: max(1, key.count), message: "unknown URI parameter '\(key)'", hint: hint)]
        default:
            return []
        }
    }
}
