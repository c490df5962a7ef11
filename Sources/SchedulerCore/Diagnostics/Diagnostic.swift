import StateFormats
import TOML

/// One problem found in a file: where, what, and how to fix it.
/// Rendered rustc-style: `file:line:col: error: message`, the source line, a caret, a hint.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        case error, warning
    }

    public var severity: Severity
    /// The file as the user named it.
    public var path: String
    /// Start of the offending token; nil for problems with the whole file (missing, unsafe permissions).
    public var position: SourcePosition?
    /// How many characters the caret spans (at least 1).
    public var length: Int
    public var message: String
    public var hint: String?
    /// The source line at `position`, without its line break.
    public var sourceLine: String?

    public init(severity: Severity = .error, path: String, position: SourcePosition? = nil, length: Int = 1,
                message: String, hint: String? = nil, sourceLine: String? = nil) {
        self.severity = severity; self.path = path; self.position = position; self.length = max(1, length)
        self.message = message; self.hint = hint; self.sourceLine = sourceLine
    }

    public var isError: Bool { severity == .error }
    public var description: String { render(color: false) }

    /// The diagnostic as printed by `scheduler check`; no trailing newline. Text that came from a file (the
    /// source line, names in the message, the path) has its control characters escaped (Printable): an ESC
    /// sequence in a config must not reach the terminal, nor a NUL cut the message.
    public func render(color: Bool) -> String {
        let paint = Paint(enabled: color)
        let tone = severity == .error ? Paint.red : Paint.yellow
        let place = Printable.escaped(position.map { "\(path):\($0.line):\($0.column)" } ?? path)
        var out = paint.bold(place + ":") + " " + paint.apply(tone, severity.rawValue + ":") + " "
        out += paint.bold(Printable.escaped(message, keepingNewlines: true))
        if let position, let line = sourceLine {
            let number = String(position.line)
            let blank = String(repeating: " ", count: max(5, number.count))
            out += "\n" + paint.apply(Paint.blue, blank.dropLast(number.count) + number + " |")
            out += line.isEmpty ? "" : " " + Printable.escaped(line)
            out += "\n" + paint.apply(Paint.blue, blank + " |") + " "
            out += Self.indent(line, upTo: position.column) + paint.apply(tone, String(repeating: "^", count: caretWidth(line, position)))
        }
        if let hint { out += "\n   " + paint.apply(Paint.cyan, "hint:") + " " + Printable.escaped(hint, keepingNewlines: true) }
        return out
    }

    /// Blanks that put the caret under column `column` of the escaped line; tabs are kept so terminals
    /// align them like the line.
    static func indent(_ line: String, upTo column: Int) -> String {
        var out = ""
        for (i, scalar) in line.unicodeScalars.enumerated() where i < column - 1 {
            if scalar == "\t" { out.unicodeScalars.append("\t") } else { out += String(repeating: " ", count: Printable.width(scalar)) }
        }
        let missing = column - 1 - line.unicodeScalars.count
        if missing > 0 { out += String(repeating: " ", count: missing) }
        return out
    }

    /// The caret's width under the escaped line: `length` characters, escapes counted at their width.
    private func caretWidth(_ line: String, _ position: SourcePosition) -> Int {
        let spanned = line.unicodeScalars.dropFirst(max(0, position.column - 1)).prefix(length)
        return length + spanned.reduce(0) { $0 + Printable.width($1) - 1 }
    }
}

/// ANSI colours, or nothing when colour is off (not a terminal, or `NO_COLOR`).
struct Paint {
    static let red = "31", yellow = "33", blue = "34", cyan = "36"
    var enabled: Bool
    func apply(_ code: String, _ text: some StringProtocol) -> String {
        enabled ? "\u{1B}[1;\(code)m\(text)\u{1B}[0m" : String(text)
    }
    func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}

extension Array where Element == Diagnostic {
    /// File-level problems first, then by position; stable, so equal positions keep discovery order.
    public func inFileOrder() -> [Diagnostic] {
        enumerated().sorted { a, b in
            let pa = a.element.position ?? SourcePosition(line: 0, column: 0)
            let pb = b.element.position ?? SourcePosition(line: 0, column: 0)
            return pa != pb ? pa < pb : a.offset < b.offset
        }.map(\.element)
    }

    public var errors: [Diagnostic] { filter(\.isError) }
    public var warnings: [Diagnostic] { filter { !$0.isError } }
}
