import Testing
import TOML

/// `parseCollecting`: a checker goes on after keys and tables defined twice; `parse` still refuses them.
struct CollectingTests {
    static func int(_ v: TOMLValue?) -> Int64? { if case .integer(let n)? = v { n } else { nil } }

    @Test func duplicatesAreCollectedAndTheFirstDefinitionKept() throws {
        let text = "a = 1\na = 2\n[t]\nx = 1\n[u]\ny = 1\n[t]\nz = \"skipped\"\n[u.v]\nw = 3\n"
        let (table, errors) = TOMLParser.parseCollecting(Array(text.utf8))
        #expect(errors.map(\.position.line) == [2, 7])
        #expect(errors[0].message.hasPrefix("duplicate key 'a'") && errors[1].message.hasPrefix("table [t] is defined twice"))
        let t = try #require(table)
        #expect(Self.int(t["a"]) == 1)
        guard case .table(let first)? = t["t"] else { Issue.record("no [t]"); return }
        #expect(first.keys == ["x"])  // the second [t]'s keys went nowhere
        guard case .table(let u)? = t["u"], case .table(let v)? = u["v"] else { Issue.record("no [u.v]"); return }
        #expect(Self.int(v["w"]) == 3)  // parsing went on after the duplicate
        #expect(throws: TOMLError.self) { try TOMLParser.parse(text) }
    }

    @Test func anotherErrorStopsAfterTheDuplicatesBeforeIt() {
        let (table, errors) = TOMLParser.parseCollecting(Array("a = 1\na = 2\nb = \nc = 1\nc = 2\n".utf8))
        #expect(table == nil)
        #expect(errors.map(\.position.line) == [2, 3])
    }

    @Test func aValidDocumentHasNoErrors() {
        let (table, errors) = TOMLParser.parseCollecting(Array("a = 1\n[b]\nc = 'x'\n".utf8))
        #expect(errors.isEmpty && Self.int(table?["a"]) == 1)
    }
}
