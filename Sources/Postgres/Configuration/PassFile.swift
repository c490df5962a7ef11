import SystemCalls

/// ~/.pgpass (or PGPASSFILE): lines `hostname:port:database:username:password`, `*` matching anything,
/// `\:` and `\\` escaping, `#` comments; the first matching line wins. As libpq does, a file readable or
/// writable by group or others is ignored with a warning, and a Unix-socket host matches "localhost".
public enum PassFile {
    /// The password for these settings, and a warning when the file was ignored.
    public static func lookup(path: String, host: String, port: UInt16, database: String, user: String)
        -> (password: String?, warning: String?)
    {
        guard let status = try? FileSystem.stat(path) else { return (nil, nil) }
        guard status.isRegularFile else { return (nil, "password file \"\(path)\" is not a plain file") }
        if status.permissions & 0o077 != 0 {
            return (nil, "password file \"\(path)\" has group or world access; permissions should be u=rw (0600) or less: ignored")
        }
        guard let bytes = try? FileSystem.readFile(path) else { return (nil, nil) }
        let matchHost = host.hasPrefix("/") ? "localhost" : host
        let wanted = [matchHost, String(port), database, user]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            let text = line.hasSuffix("\r") ? line.dropLast() : line
            if text.hasPrefix("#") { continue }
            let fields = split(text)
            guard fields.count >= 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0.0 == "*" || $0.0 == $0.1 }) {
                return (fields[4], nil)
            }
        }
        return (nil, nil)
    }

    /// Splits on unescaped colons; the fifth field takes the rest of the line. A `*` that stands for
    /// itself (`\*`) is returned as "\*" so it does not act as a wildcard.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        var literalStar = false
        for c in line {
            if escaped {
                current.append(c); escaped = false
                if c == "*" && current == "*" { literalStar = true }
            } else if c == "\\" {
                escaped = true
            } else if c == ":" && fields.count < 4 {
                fields.append(literalStar && current == "*" ? "\\*" : current)
                current = ""; literalStar = false
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}
