import Testing
import TOML

/// Hostile input: deep nesting, huge keys, bad encodings. Each must give a clear error, never a crash.
@Suite struct LimitsTests {
    @Test func deeplyNestedArraysStopAtTheLimit() throws {
        let toml = "a=" + String(repeating: "[", count: 100_000)
        let error = try #require(T.error(toml))
        #expect(error.message.contains("nesting too deep"))
        #expect(error.position == pos(1, 3 + 256))  // the 257th '['
    }

    @Test func deeplyNestedInlineTablesStopAtTheLimit() throws {
        let toml = "a=" + String(repeating: "{b=", count: 100_000)
        #expect(T.error(toml)?.message.contains("nesting too deep") == true)
    }

    @Test func tenMegabyteHeaderStopsAtTheLimit() throws {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(10_000_002)
        for _ in 0..<5_000_000 { bytes.append(UInt8(ascii: "a")); bytes.append(UInt8(ascii: ".")) }
        bytes.append(UInt8(ascii: "a")); bytes.append(UInt8(ascii: "]"))
        let error = try #require(T.error(bytes))
        #expect(error.message.contains("nesting too deep"))
        #expect(error.position == pos(1, 2 + 256 * 2))  // the 257th part
    }

    /// Even at the highest depth setting, nesting stays within a thread's stack.
    @Test func deepestAllowedNestingFitsTheStack() throws {
        let depth = TOMLParser.Options.depthLimit
        let options = TOMLParser.Options(maxDepth: .max)
        let arrays = "a=" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let tables = "a=" + String(repeating: "{b=", count: depth - 1) + "1" + String(repeating: "}", count: depth - 1)
        for toml in [arrays, tables] {
            let table = try TOMLParser.parse(Array(toml.utf8), options: options)
            #expect(T.render(try #require(table["a"])).count > depth)
        }
        let tooDeep = "a=" + String(repeating: "[", count: depth + 1)
        #expect(throws: TOMLError.self) { try TOMLParser.parse(Array(tooDeep.utf8), options: options) }
    }

    /// Keys longer than 65,534 bytes are read back from the source instead of stored lengths.
    @Test func veryLongKeys() throws {
        let bare = String(repeating: "k", count: 70_000)
        let quoted = String(repeating: "q", count: 70_000) + "\\u00e9"
        let table = try T.parse("\(bare) = 1\n\"\(quoted)\" = 2\n[t.\(bare)]\ny = 3")
        #expect(table.keys.map(\.utf8.count) == [70_000, 70_002, 1])
        #expect(table[bare].map(T.render) == "int:1")
        #expect(table[String(repeating: "q", count: 70_000) + "é"].map(T.render) == "int:2")
        #expect(T.lookup(table, "t.\(bare)")?.key == pos(3, 4))
        #expect(T.lookup(table, "t.\(bare).y")?.at == pos(4, 5))
        #expect(T.error("\(bare) = 1\n\(bare) = 2")?.message.contains("duplicate key") == true)
    }

    /// Positions on one very long line are found from the previous one, not by rescanning the
    /// line (which made a 40,000-element array take seconds to read).
    @Test func positionsOnAVeryLongLine() throws {
        let n = 50_000
        let toml = "a=[" + Array(repeating: "{x=\"é\"}", count: n).joined(separator: ",") + "]"
        guard case .array(let a)? = try T.parse(toml)["a"], case .table(let last)? = a.elements.last else {
            Issue.record("no array"); return
        }
        #expect(a.positions[1] == pos(1, 4 + 8))  // each element is 8 columns: {x="é"},
        #expect(a.positions[n - 1] == pos(1, 4 + 8 * (n - 1)))
        #expect(last.entries.first?.entry.valuePosition == pos(1, 4 + 8 * (n - 1) + 3))
        #expect(last.entry("x")?.keyPosition == pos(1, 4 + 8 * (n - 1) + 1))
    }

    @Test func longDottedKeyStopsAtTheLimit() {
        let toml = String(repeating: "a.", count: 100_000) + "a = 1"
        #expect(T.error(toml)?.message.contains("nesting too deep") == true)
    }

    @Test func nestingUpToTheLimitIsFine() throws {
        let toml = "a=" + String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        _ = try T.parse(toml)
        let options = TOMLParser.Options(maxDepth: 4)
        #expect(throws: TOMLError.self) { try TOMLParser.parse(Array("a.b.c.d.e = 1".utf8), options: options) }
        _ = try TOMLParser.parse(Array("a.b.c.d = 1".utf8), options: options)
    }

    @Test(arguments: [
        ([0x61, 0x20, 0x3D, 0x20, 0x22, 0xC3, 0x28, 0x22], pos(1, 6)),         // a = "\xC3(" truncated sequence
        ([0x23, 0x20, 0xC0, 0xAF], pos(1, 3)),                                  // # overlong '/'
        ([0x61, 0x3D, 0x22, 0xED, 0xA0, 0x80, 0x22], pos(1, 4)),               // a="<surrogate D800>"
        ([0x61, 0x3D, 0x27, 0xF5, 0x80, 0x80, 0x80, 0x27], pos(1, 4)),         // a='<above U+10FFFF>'
        ([0x61, 0x3D, 0x22, 0xE2, 0x82], pos(1, 4)),                           // cut off at the end
        ([0xFF, 0x20, 0x3D, 0x20, 0x31], pos(1, 1)),                           // outside any string
        ([0x61, 0x3D, 0x22, 0xC3, 0xA9, 0xFF, 0x22], pos(1, 5)),               // after a valid 'é'
        ([0x61, 0x3D, 0x22, 0x22, 0x22, 0x0A, 0xFE, 0x22, 0x22, 0x22], pos(2, 1)), // multi-line
    ] as [([UInt8], SourcePosition)])
    func invalidUTF8(_ bytes: [UInt8], _ at: SourcePosition) throws {
        let error = try #require(T.error(bytes))
        #expect(error.position == at, "\(error)")
        #expect(error.message.contains("invalid"))
    }

    @Test func byteOrderMarkOnlyAtTheStart() throws {
        #expect(try T.parse("\u{FEFF}a = 1")["a"].map(T.render) == "int:1")
        #expect(try T.parse("\u{FEFF}").count == 0)
        #expect(T.error("a = 1\n\u{FEFF}b = 2")?.position == pos(2, 1))
    }

    @Test func crlfAndLoneCarriageReturns() throws {
        let table = try T.parse("[a]\r\nb = 1 # c\r\nc = '''x\r\ny'''\r\n")
        #expect(T.lookup(table, "a.c").map { T.render($0.value) } == "string:x\ny")
        #expect(T.error("a = '''x\ry'''")?.position == pos(1, 9))
        #expect(T.error("a = 1 # x\r")?.position == pos(1, 10))
        #expect(T.error("\r")?.position == pos(1, 1))
    }

    @Test func emptyDocuments() throws {
        #expect(try T.parse("").count == 0)
        #expect(try T.parse("\n\n# only comments\n  \t\n").count == 0)
    }

    @Test func nulIsAnError() {
        #expect(T.error("a = 1\0")?.position == pos(1, 6))
        #expect(T.error("a = \"\0\"")?.message.contains("U+0000") == true)
    }
}
