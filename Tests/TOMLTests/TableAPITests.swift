import Testing
import TOML

/// The TOMLTable API over a parsed document: lookups, order, and turning into an in-memory table.
@Suite struct TableAPITests {
    @Test func keysInDocumentOrder() throws {
        let table = try T.parse("z = 1\na = 2\n[m]\n[b]\n")
        #expect(table.keys == ["z", "a", "m", "b"])
        #expect(table.entries.map(\.key) == table.keys)
        #expect(table.count == 4)
    }

    /// Big tables are hash-indexed; every key must be found, including escaped quoted ones.
    @Test func lookupInLargeTables() throws {
        var toml = ""
        for k in 0..<2000 { toml += k % 3 == 0 ? "\"k\\u0020\(k)\" = \(k)\n" : "k\(k) = \(k)\n" }
        toml += "[\"dotted.name\"]\nx = 1\n"
        let table = try T.parse(toml)
        #expect(table.count == 2001)
        for k in 0..<2000 {
            let key = k % 3 == 0 ? "k \(k)" : "k\(k)"
            guard case .integer(let v)? = table[key] else { Issue.record("missing \(key)"); continue }
            #expect(v == Int64(k))
        }
        #expect(table["k 1"] == nil && table["k0"] == nil && table["nope"] == nil)
        #expect(T.lookup(table, "\"dotted.name\".x") != nil)
    }

    @Test func setTurnsAParsedTableIntoAnInMemoryOne() throws {
        var table = try T.parse("a = 1\nb = 'x'\n")
        let entry = TOMLTable.Entry(value: .boolean(true), keyPosition: pos(9, 9), valuePosition: pos(9, 9))
        table.set("c", entry)
        table.set("a", entry)
        #expect(table.keys == ["a", "b", "c"])
        #expect(table["a"].map(T.render) == "bool:true")
        #expect(table.entry("b")?.valuePosition == pos(2, 5))
        #expect(table.documentBytes == nil)
    }

    @Test func builtTablesStillWork() {
        var table = TOMLTable(position: pos(3, 1))
        table.set("x", .init(value: .integer(1), keyPosition: pos(3, 1), valuePosition: pos(3, 5)))
        #expect(table.count == 1 && table.keys == ["x"] && table.position == pos(3, 1))
        #expect(table.entries.first?.entry.valuePosition == pos(3, 5))
    }

    @Test func parsedDocumentIsCompact() throws {
        let line = "key_number_one = \"some value\"\n"
        let table = try T.parse(String(repeating: "[t]\n", count: 1) + (0..<1000).map { "k\($0)" + line }.joined())
        let size = line.utf8.count * 1000
        #expect(try #require(table.documentBytes) < size * 3)
    }
}
