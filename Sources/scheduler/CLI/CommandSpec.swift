import SystemCalls
import SchedulerCore

/// One flag a command accepts. `value` names the argument (nil for a boolean switch).
struct Flag: Sendable {
    var long: String
    var short: Character? = nil
    var value: String? = nil
    var help: String
    /// May be given more than once (values accumulate).
    var repeats = false
}

/// A subcommand: its name, help text, flags and what it does. The one table in
/// `Commands.swift` drives dispatch, `--help`, `help COMMAND`, the man page check and completions.
struct Command: Sendable {
    var name: String
    var aliases: [String] = []
    /// One line for the command list.
    var summary: String
    /// Usage after `scheduler NAME`, e.g. "[--config PATH] [--quiet]".
    var usage: String
    /// Longer explanation shown by `--help` (may be empty).
    var details: String = ""
    var flags: [Flag] = []
    /// Accepts `-- ARGS…` after its own arguments.
    var takesRest = false
    var run: @Sendable (ParsedArguments) throws -> Int32
}

/// A usage error: bad flag, missing value, unknown command. Exit status 2.
struct UsageError: Error {
    var message: String
    var hint: String? = nil
}

/// Arguments after flag parsing.
struct ParsedArguments {
    var values: [String: [String]] = [:]
    var switches: Set<String> = []
    var positionals: [String] = []
    /// What followed `--`.
    var rest: [String] = []

    func has(_ flag: String) -> Bool { switches.contains(flag) }
    func value(_ flag: String) -> String? { values[flag]?.last }
    func all(_ flag: String) -> [String] { values[flag] ?? [] }
    /// The integer value of a flag, or a usage error naming it.
    func int(_ flag: String) throws -> Int? {
        guard let v = value(flag) else { return nil }
        guard let n = Int(v) else { throw UsageError(message: "--\(flag) takes a whole number, not '\(v)'") }
        return n
    }
}

extension Command {
    /// Every flag, including the `--help` every command has.
    var allFlags: [Flag] { flags + [Flag(long: "help", short: "h", help: "show this help")] }

    /// Splits `args` into flags, positionals and the part after `--`.
    func parse(_ args: [String]) throws -> ParsedArguments {
        var out = ParsedArguments()
        var i = 0
        while i < args.count {
            let a = args[i]
            i += 1
            if a == "--" { out.rest = Array(args[i...]); break }
            guard a.hasPrefix("-"), a.count > 1 else { out.positionals.append(a); continue }
            var name = a.hasPrefix("--") ? String(a.dropFirst(2)) : String(a.dropFirst())
            var inline: String?
            if let eq = name.firstIndex(of: "=") { inline = String(name[name.index(after: eq)...]); name = String(name[..<eq]) }
            guard let flag = lookup(name, long: a.hasPrefix("--")) else {
                let hint = Suggest.closest(to: name, in: allFlags.map(\.long)).map { "did you mean '--\($0)'?" }
                throw UsageError(message: "unknown option '\(a)' for '\(self.name)'", hint: hint)
            }
            if flag.value != nil {
                let v: String
                if let inline { v = inline } else {
                    guard i < args.count else { throw UsageError(message: "option '--\(flag.long)' needs a value (\(flag.value!))") }
                    v = args[i]; i += 1
                }
                // Given twice, a single-valued flag would silently take the last value: say so instead.
                if !flag.repeats, let first = out.values[flag.long]?.first {
                    throw UsageError(message: "--\(flag.long) is given twice ('\(first)' and '\(v)'); it takes one value")
                }
                out.values[flag.long, default: []].append(v)
            } else {
                if inline != nil { throw UsageError(message: "option '--\(flag.long)' takes no value") }
                out.switches.insert(flag.long)
            }
        }
        if !takesRest, !out.rest.isEmpty { throw UsageError(message: "'\(name)' takes no arguments after '--'") }
        return out
    }

    private func lookup(_ name: String, long: Bool) -> Flag? {
        allFlags.first { long ? $0.long == name : ($0.short.map(String.init) == name) }
    }
}

/// Writes to standard error (unbuffered, so it interleaves right with child output).
func printError(_ text: String) {
    StandardStreams.writeError(text + "\n")
}
