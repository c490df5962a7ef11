import TOML
@testable import SchedulerCore
import SystemCalls

/// Loads config text with a fake home and fake files (all private, owned by root).
enum ConfigFixture {
    static let path = "/cfg/scheduler.toml"
    static let home = "/home/u"
    /// Directories that exist for the `directory` key.
    static let directories: Set<String> = ["/srv/app", "/home/u", "/home/u/app", "/cfg"]

    static func loader(files: [String: String] = [:]) -> ConfigLoader {
        ConfigLoader(
            environment: ["HOME": home], userID: nil,
            files: ConfigFiles(read: { files[$0].map { Array($0.utf8) } },
                               isDirectory: { directories.contains($0) ? true : (files[$0] != nil ? false : nil) }),
            status: { path in
                if path.hasSuffix("/.") { return FileStatus(kind: .directory, permissions: 0o700, userID: 0) }
                return files[path] == nil ? nil : FileStatus(permissions: 0o600, userID: 0)
            })
    }

    static func load(_ text: String, files: [String: String] = [:]) -> ConfigLoadResult {
        loader(files: files).parse(text: text, path: path)
    }

    /// The single diagnostic of `text`, or a description of what came instead.
    static func only(_ text: String, files: [String: String] = [:]) -> Result<Diagnostic, Unexpected> {
        let d = load(text, files: files).diagnostics
        return d.count == 1 ? .success(d[0]) : .failure(Unexpected(diagnostics: d))
    }

    struct Unexpected: Error, CustomStringConvertible {
        var diagnostics: [Diagnostic]
        var description: String {
            "expected one diagnostic, got \(diagnostics.count):\n" + diagnostics.map(\.description).joined(separator: "\n")
        }
    }
}

/// What a diagnostic must say, compared as a whole so a failure shows every difference.
struct Expected: Equatable, CustomStringConvertible, Sendable {
    var line: Int
    var column: Int
    var length: Int
    var message: String
    var hint: String?

    init(_ line: Int, _ column: Int, _ length: Int, _ message: String, hint: String?) {
        self.line = line; self.column = column; self.length = length; self.message = message; self.hint = hint
    }

    init(_ d: Diagnostic) {
        self.init(d.position?.line ?? 0, d.position?.column ?? 0, d.length, d.message, hint: d.hint)
    }

    var description: String { "\(line):\(column) len \(length): \(message) | hint: \(hint ?? "nil")" }
}

/// Hand-built TOML entries, for testing pieces without the parser.
enum TOMLTableEntryFactory {
    static func make(key: (Int, Int), at value: (Int, Int), value v: TOMLValue) -> TOMLTable.Entry {
        TOMLTable.Entry(value: v, keyPosition: SourcePosition(line: key.0, column: key.1),
                        valuePosition: SourcePosition(line: value.0, column: value.1))
    }
}
