/// Parses TOML documents (TOML 1.0.0; 1.1.0 on request).
public enum TOMLParser {
    /// Which TOML version to accept.
    public enum Version: Sendable, Equatable {
        case v1_0
        /// Adds newlines and trailing commas in inline tables, `\e` and `\xHH` escapes, times without seconds.
        case v1_1
    }

    /// Parser settings.
    public struct Options: Sendable, Equatable {
        public var version: Version
        /// Deepest nesting of tables and arrays (headers, dotted keys, `[`, `{` all count);
        /// clamped to 1...`depthLimit`.
        public var maxDepth: Int
        /// The most `maxDepth` can be: arrays and inline tables are parsed recursively, and this
        /// keeps the stack small enough for any thread.
        public static let depthLimit = 512
        public init(version: Version = .v1_0, maxDepth: Int = 256) {
            self.version = version; self.maxDepth = maxDepth
        }
    }

    /// Parses a whole TOML 1.0 document.
    public static func parse(_ bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        try parse(bytes, options: Options())
    }

    /// Parses a whole TOML 1.0 document.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        try parse(Array(text.utf8))
    }

    /// Parses a whole document with the given options.
    public static func parse(_ bytes: [UInt8], options: Options) throws(TOMLError) -> TOMLTable {
        guard !bytes.isEmpty else { return TOMLTable() }
        guard bytes.count < Int(UInt32.max) else {
            throw TOMLError(position: SourcePosition(line: 1, column: 1), message: "document too large: at most 4 GiB")
        }
        let document = try parseDocument(bytes, options: options)
        var hint = PositionHint()
        return TOMLTable(document: document, container: 0, hint: &hint)
    }

    /// Parses a document, going on after keys and tables defined twice so a checker can report every one;
    /// `table` is nil when some other error stopped the parse (it is the last of `errors`). A document
    /// with errors is invalid TOML: `table` (the first definitions) is for finding more errors only.
    public static func parseCollecting(_ bytes: [UInt8], options: Options = Options()) -> (table: TOMLTable?, errors: [TOMLError]) {
        do throws(TOMLError) {
            return (try parse(bytes, options: options), [])  // the common case, a valid document: one pass
        } catch {
            guard bytes.count < Int(UInt32.max) else { return (nil, [error]) }
        }
        let (document, errors) = parseDocument(bytes, options: options, collecting: true)
        var hint = PositionHint()
        return (document.map { TOMLTable(document: $0, container: 0, hint: &hint) }, errors)
    }

    static func parseDocument(_ bytes: [UInt8], options: Options) throws(TOMLError) -> Document {
        let (document, errors) = parseDocument(bytes, options: options, collecting: false)
        guard let document else { throw errors[0] }
        return document
    }

    private static func parseDocument(_ bytes: [UInt8], options: Options, collecting: Bool) -> (Document?, [TOMLError]) {
        bytes.withUnsafeBufferPointer { buffer -> (Document?, [TOMLError]) in
            var parser = DocumentParser(buffer.baseAddress!, count: buffer.count, options: options)
            parser.collecting = collecting
            do throws(TOMLError) {
                try parser.parseDocument()
            } catch {
                return (nil, parser.collected + [error])
            }
            return (parser.builder.finish(source: bytes), parser.collected)
        }
    }
}
