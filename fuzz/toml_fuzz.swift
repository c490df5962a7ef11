// libFuzzer entry point for the TOML parser (built by fuzz/run together with Sources/TOML/*.swift,
// so it calls the parser directly without `import TOML`).

/// Parses the input as TOML 1.0 and 1.1, decodes every value, and checks invariants:
/// no crash or hang, 1.1 accepts whatever 1.0 accepts, and every key is found again by lookup.
@_cdecl("LLVMFuzzerTestOneInput")
public func tomlFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let v10 = try? TOMLParser.parse(bytes, options: .init(version: .v1_0))
    let v11 = try? TOMLParser.parse(bytes, options: .init(version: .v1_1))
    if let v10 {
        guard let v11 else { fatalError("accepted as TOML 1.0 but rejected as 1.1") }
        precondition(fuzzWalk(.table(v10)) == fuzzWalk(.table(v11)), "1.0 and 1.1 disagree")
    } else if let v11 {
        _ = fuzzWalk(.table(v11))
    }
    return 0
}

/// Decodes every value below `value`; returns how many there were.
func fuzzWalk(_ value: TOMLValue) -> Int {
    switch value {
    case .table(let t):
        var n = 1
        for (key, entry) in t.entries {
            precondition(t.entry(key)?.keyPosition == entry.keyPosition, "lookup of key '\(key)' failed")
            precondition(entry.keyPosition.line >= 1 && entry.keyPosition.column >= 1, "bad position")
            n += fuzzWalk(entry.value)
        }
        // Reading twice must give the same keys (values are decoded on each access).
        precondition(t.keys == t.entries.map(\.key), "keys and entries disagree")
        return n
    case .array(let a):
        precondition(a.elements.count == a.positions.count, "array positions missing")
        return a.elements.reduce(1) { $0 + fuzzWalk($1) }
    case .string(let s):
        return s.unicodeScalars.count >= 0 ? 1 : 0
    default:
        return 1
    }
}
