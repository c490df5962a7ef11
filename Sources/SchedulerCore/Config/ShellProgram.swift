/// The `shell` key: a program and its arguments; a job's command line goes after them as `-c LINE`.
/// `shell = ["/bin/bash", "-l"]` gives a login shell (rbenv and rvm set PATH in the login files).
public struct ShellProgram: Sendable, Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var path: String
    public var arguments: [String]

    public init(_ path: String, arguments: [String] = []) { self.path = path; self.arguments = arguments }
    public init(stringLiteral path: String) { self.init(path) }

    /// The argv in front of `-c LINE`.
    public var argv: [String] { [path] + arguments }
    /// The shell words as one would type them (`/bin/bash -l`).
    public var description: String { ShellQuote.line(argv) }
}
