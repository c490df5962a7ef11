/// A TOML table: keys in document order, each with where its key and value were written.
///
/// A table from `TOMLParser` reads its entries from the parsed document on access (values are
/// decoded each time they are asked for); `set` turns it into an ordinary in-memory table.
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
    public var keys: [String] {
        guard let view else { return ownKeys }
        return view.nodes.map { view.document.key($0) }
    }
    private var ownKeys: [String] = []
    private var storage: [String: Entry] = [:]
    /// Set while the table reads straight from a parsed document.
    private var view: DocumentView?
    /// Where the table was opened (header, inline `{`, or first dotted key); 1:1 for the root.
    public var position: SourcePosition

    public init(position: SourcePosition = SourcePosition(line: 1, column: 1)) { self.position = position }

    init(document: Document, container: UInt32, hint: inout PositionHint) {
        position = document.position(document.containers[Int(container)].offset, hint: &hint)
        view = DocumentView(document: document, container: container, origin: hint)
    }

    /// Bytes held by the parsed document this table reads from (its source text plus the index);
    /// nil for a table built in memory.
    public var documentBytes: Int? { view.map { $0.document.source.count + $0.document.indexBytes } }

    /// Number of keys.
    public var count: Int { view?.nodes.count ?? ownKeys.count }
    /// The value of `key`, decoded now.
    public subscript(key: String) -> TOMLValue? {
        guard let view else { return storage[key]?.value }
        var hint = view.origin
        return view.document.find(view.container, key).map { view.document.value($0, hint: &hint) }
    }
    /// The value of `key` with where its key and value were written.
    public func entry(_ key: String) -> Entry? {
        guard let view else { return storage[key] }
        var hint = view.origin
        return view.document.find(view.container, key).map { view.document.entry($0, hint: &hint) }
    }
    /// Entries in document order.
    public var entries: [(key: String, entry: Entry)] {
        guard let view else { return ownKeys.map { ($0, storage[$0]!) } }
        var hint = view.origin
        return view.nodes.map { (view.document.key($0), view.document.entry($0, hint: &hint)) }
    }

    /// Sets or replaces an entry; a new key goes last in `keys`.
    public mutating func set(_ key: String, _ entry: Entry) {
        if let view {
            var hint = view.origin
            for n in view.nodes {
                let k = view.document.key(n)
                ownKeys.append(k)
                storage[k] = view.document.entry(n, hint: &hint)
            }
            self.view = nil
        }
        if storage.updateValue(entry, forKey: key) == nil { ownKeys.append(key) }
    }
}

/// A table inside a parsed document.
struct DocumentView: Sendable {
    let document: Document
    let container: UInt32
    /// The position lookup of where the table opened: its entries come after it.
    let origin: PositionHint
    /// Node indices of the table's entries, in document order.
    var nodes: Range<Int> {
        let c = document.containers[Int(container)]
        return Int(c.first)..<Int(c.first + c.count)
    }
}
