/// A syntax or semantic error in a TOML document, with where it happened.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var position: SourcePosition
    /// What was expected and what was found, e.g. "expected '=' after key, found newline".
    public var message: String
    public init(position: SourcePosition, message: String) { self.position = position; self.message = message }
    public var description: String { "\(position): \(message)" }
}
