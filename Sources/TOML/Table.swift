/// A TOML table: keys in document order, each with where its key and value were written.
public struct TOMLTable: Sendable {
    public struct Entry: Sendable {
        public var value: TOMLValue
        /// Where the (last part of the) key was written.
        public var keyPosition: SourcePosition
        /// Where the value starts (for a table defined by a header: the header's position).
        public var valuePosition: SourcePosition
        public init(value: TOMLValue, keyPosition: SourcePosition, valuePosition: SourcePosition) {
            self.value = value; self.keyPosition = keyPosition; self.valuePosition = valuePosition
        }
    }
    /// Keys in the order they were first defined.
    public private(set) var keys: [String] = []
    private var storage: [String: Entry] = [:]
    /// Where the table was opened (header, inline `{`, or first dotted key); 1:1 for the root.
    public var position: SourcePosition

    public init(position: SourcePosition = SourcePosition(line: 1, column: 1)) { self.position = position }

    public var count: Int { keys.count }
    public subscript(key: String) -> TOMLValue? { storage[key]?.value }
    public func entry(_ key: String) -> Entry? { storage[key] }
    /// Entries in document order.
    public var entries: [(key: String, entry: Entry)] { keys.map { ($0, storage[$0]!) } }

    /// Sets or replaces an entry; a new key goes last in `keys`.
    public mutating func set(_ key: String, _ entry: Entry) {
        if storage.updateValue(entry, forKey: key) == nil { keys.append(key) }
    }
}
