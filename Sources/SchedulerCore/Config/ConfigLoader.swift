import SystemCalls
import TOML

/// File access the loader needs beyond the config text itself (injectable for tests).
public struct ConfigFiles: Sendable {
    /// A file's bytes, or nil when it can't be read.
    public var read: @Sendable (String) -> [UInt8]?
    /// true for a directory, false for another file, nil when missing.
    public var isDirectory: @Sendable (String) -> Bool?
    /// true for a regular file (symbolic links followed) with an execute bit: the `shell` check.
    public var isExecutable: @Sendable (String) -> Bool

    public init(read: @escaping @Sendable (String) -> [UInt8]?, isDirectory: @escaping @Sendable (String) -> Bool?,
                isExecutable: @escaping @Sendable (String) -> Bool = { _ in true }) {
        self.read = read; self.isDirectory = isDirectory; self.isExecutable = isExecutable
    }

    /// The largest config or env file read (TOML's own input limit is lower).
    public static let maxBytes = 16 << 20

    public static let real = ConfigFiles(
        // Regular files only, bounded: a FIFO or /dev/zero named as config or env_file must not hang `check`.
        read: { path in try? SystemCalls.FileSystem.readRegularFile(path, maxBytes: ConfigFiles.maxBytes) },
        isDirectory: { path in (try? SystemCalls.FileSystem.stat(path))?.isDirectory },
        isExecutable: { path in (try? SystemCalls.FileSystem.stat(path)).map { $0.kind == .regular && $0.mode & 0o111 != 0 } ?? false })
}

/// A config's diagnostics (errors and warnings, in file order) and, when it has no errors, the config.
public struct ConfigLoadResult: Sendable {
    public var config: Config?
    public var diagnostics: [Diagnostic]
    public var errors: [Diagnostic] { diagnostics.errors }
    public var warnings: [Diagnostic] { diagnostics.warnings }
}

/// Why a config can't be used: every error, in file order.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public func render(color: Bool) -> String { diagnostics.map { $0.render(color: color) }.joined(separator: "\n") }
    public var description: String { render(color: false) }
}

/// Reads, checks and decodes scheduler.toml.
public struct ConfigLoader: Sendable {
    /// For `~` in paths (HOME).
    public var environment: [String: String]
    /// Whose files are trusted besides root's; nil skips the owner check.
    public var userID: UInt32?
    public var files: ConfigFiles
    public var status: ConfigSecurity.StatusFunction

    public init(environment: [String: String] = CurrentProcess.environment(),
                userID: UInt32? = ConfigSecurity.currentUserID(),
                files: ConfigFiles = .real, status: @escaping ConfigSecurity.StatusFunction = ConfigSecurity.realStatus) {
        self.environment = environment; self.userID = userID; self.files = files; self.status = status
    }

    /// The valid config at `path`, or every error found.
    public static func load(path: String) throws(ConfigErrors) -> Config { try ConfigLoader().load(path: path) }

    /// Decodes config text (no permission check); `path` is used in messages and for relative `env_file`s.
    public static func parse(text: String, path: String) -> ConfigLoadResult { ConfigLoader().parse(text: text, path: path) }

    public func load(path: String) throws(ConfigErrors) -> Config {
        let r = check(path: path)
        guard let config = r.config else { throw ConfigErrors(r.errors) }
        return config
    }

    /// Permission check, then read, then decode; what `scheduler check` shows.
    public func check(path: String) -> ConfigLoadResult {
        if let problem = ConfigSecurity.problem(path: path, userID: userID, status: status) {
            return ConfigLoadResult(config: nil, diagnostics: [problem])
        }
        guard let bytes = files.read(path) else {
            let d = Diagnostic(path: path, message: "can't read config file '\(path)'", hint: "check that you may read it")
            return ConfigLoadResult(config: nil, diagnostics: [d])
        }
        return parse(bytes: bytes, path: path)
    }

    public func parse(text: String, path: String) -> ConfigLoadResult { parse(bytes: Array(text.utf8), path: path) }

    /// A key or table defined twice is reported and the rest still checked (the first definition counts
    /// for that); another TOML error stops at once.
    public func parse(bytes: [UInt8], path: String) -> ConfigLoadResult {
        let (root, errors) = TOMLParser.parseCollecting(bytes)
        let source = SourceText(bytes: bytes)
        let tomlDiagnostics = errors.map { e in
            Diagnostic(path: path, position: e.position, message: e.message, hint: Self.tomlHint(e.message, line: source.line(e.position.line)),
                       sourceLine: source.line(e.position.line))
        }
        guard let root else { return ConfigLoadResult(config: nil, diagnostics: tomlDiagnostics) }
        let env = DecoderEnvironment(home: environment["HOME"], configDirectory: ConfigLocation.directory(of: path), files: files,
                                     userID: userID, status: status)
        let decoder = ConfigDecoder(path: path, bytes: bytes, environment: env)
        let config = decoder.config(root)
        return ConfigLoadResult(config: errors.isEmpty ? config : nil, diagnostics: (tomlDiagnostics + decoder.diagnostics).inFileOrder())
    }

    /// A hint for common TOML slips; the parser's message says what was expected.
    static func tomlHint(_ message: String, line: String? = nil) -> String {
        let m = message.lowercased()
        if m.contains("duplicate") || m.contains("already defined") || m.contains("defined twice") {
            return "each key and each [table] may appear only once"
        }
        if m.contains("to close the string") || m.contains("after the value of key"), let literal = line.flatMap(literalSuggestion) {
            return "a value with double quotes inside reads best as a literal string in single quotes: \(literal)"
        }
        if m.contains("string") || m.contains("quote") {
            return "text values need quotes: key = \"value\""
        }
        return "see https://toml.io for the TOML syntax"
    }

    /// `key = "grep "x" f"` (quotes that end the string early, or one never closed) → `key = 'grep "x" f'`
    /// (triple single quotes when the text holds a single quote too); nil unless the value starts with `"`.
    static func literalSuggestion(_ line: String) -> String? {
        guard let eq = line.firstIndex(of: "=") else { return nil }
        let key = trimmed(line[..<eq])
        var value = trimmed(line[line.index(after: eq)...])
        guard value.hasPrefix("\""), !value.hasPrefix("\"\"\""), value.count > 1 else { return nil }
        value = value.dropFirst()
        if value.hasSuffix("\"") { value = value.dropLast() }
        guard value.contains(where: { $0 == "\"" }), !value.hasSuffix("'") else { return nil }  // quotes inside
        let quote = value.contains(where: { $0 == "'" }) ? "'''" : "'"
        return "\(key) = \(quote)\(value)\(quote)"
    }

    private static func trimmed(_ s: Substring) -> Substring {
        let t = s.drop { $0 == " " || $0 == "\t" }
        return t.dropLast(t.reversed().prefix { $0 == " " || $0 == "\t" }.count)
    }
}
