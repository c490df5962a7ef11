import Postgres

/// What `check` says about a `[cluster] url`: the problems `scheduler check` reports with a caret. The URI
/// is parsed by the Postgres client itself (the one parser), which also says whether it holds a password;
/// this only places the caret on it and adds did-you-mean hints.
enum ClusterURL {
    struct Problem: Equatable {
        var offset: Int
        var length: Int
        var message: String
        var hint: String?
    }

    static func problems(_ url: String) -> [Problem] {
        let parsed: PostgresConfiguration
        do throws(PostgresConfigurationError) {
            // Only the URI's own text matters here: no environment, a placeholder user.
            parsed = try PostgresConfiguration.resolve(url: url, environment: [:], userName: "check", homeDirectory: nil)
        } catch {
            return [problem(error, in: url)]
        }
        guard parsed.urlContainsPassword else { return [] }
        let (offset, length) = passwordSpan(Array(url.unicodeScalars))
        return [Problem(offset: offset, length: length, message: "the URI has a password", hint: ConfigDecoder.passwordHint)]
    }

    private static func problem(_ e: PostgresConfigurationError, in url: String) -> Problem {
        let s = Array(url.unicodeScalars)
        let offset = e.offset ?? 0
        let length = s[min(offset, s.count)...].prefix { $0 != "&" && $0 != "=" && $0 != "/" && $0 != "?" }.count
        var hint: String?
        let known = PostgresConfiguration.keywords.filter { $0 != "password" }.sorted()
        if e.key == "sslmode", let value = e.message.split(separator: "\"").dropFirst().first {
            hint = Suggest.closest(to: String(value), in: ClusterSettings.sslModes).map { "did you mean '\($0)'?" }
        } else if let key = e.key, !known.contains(key) {
            hint = Suggest.closest(to: key, in: known).map { "did you mean '\($0)'?" } ?? "known parameters: " + known.joined(separator: ", ")
        } else if offset == 0 {
            hint = "write e.g. url = \"postgres://deploy@db.internal:5432/shop\""
        }
        return Problem(offset: offset, length: max(1, length), message: e.message, hint: hint)
    }

    /// Where the password is: after the user's ':' before '@', or a `password=` query parameter.
    private static func passwordSpan(_ s: [Unicode.Scalar]) -> (Int, Int) {
        let start = (s.firstIndex(of: "/").map { $0 + 2 }) ?? 0
        let authorityEnd = s[min(start, s.count)...].firstIndex { $0 == "/" || $0 == "?" } ?? s.count
        if let at = s[start..<authorityEnd].lastIndex(of: "@"), let colon = s[start..<at].firstIndex(of: ":") {
            return (colon + 1, max(1, at - colon - 1))
        }
        let key = Array("password=".unicodeScalars)
        if let i = s.indices.first(where: { s[$0...].starts(with: key) }) {
            return (i, (s[i...].firstIndex(of: "&") ?? s.count) - i)
        }
        return (0, 1)
    }
}
