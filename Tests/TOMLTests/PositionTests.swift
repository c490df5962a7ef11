import Testing
import TOML

/// A path in the document below and where its key and value are written.
struct PositionCase: Sendable, CustomTestStringConvertible {
    let path: String, key: SourcePosition?, value: SourcePosition
    var testDescription: String { path }
}

@Suite struct PositionTests {
    static let document = """
        # comment
        title = "x"
        [owner]
          name = "Tom"
        [a.b.c]
        d.e = 1
        arr = [ 1,
          "é", 3 ]
        inl = { x = 1 }
        [[jobs]]
        [[jobs]]
        "ключ" = "значение"
        \ttabbed	=	2
        """

    static let cases: [PositionCase] = [
        .init(path: "title", key: pos(2, 1), value: pos(2, 9)),
        .init(path: "owner", key: pos(3, 2), value: pos(3, 1)),
        .init(path: "owner.name", key: pos(4, 3), value: pos(4, 10)),
        .init(path: "a", key: pos(5, 2), value: pos(5, 1)),
        .init(path: "a.b", key: pos(5, 4), value: pos(5, 1)),
        .init(path: "a.b.c", key: pos(5, 6), value: pos(5, 1)),
        .init(path: "a.b.c.d", key: pos(6, 1), value: pos(6, 1)),
        .init(path: "a.b.c.d.e", key: pos(6, 3), value: pos(6, 7)),
        .init(path: "a.b.c.arr", key: pos(7, 1), value: pos(7, 7)),
        .init(path: "a.b.c.arr[0]", key: nil, value: pos(7, 9)),
        .init(path: "a.b.c.arr[1]", key: nil, value: pos(8, 3)),
        .init(path: "a.b.c.arr[2]", key: nil, value: pos(8, 8)),
        .init(path: "a.b.c.inl", key: pos(9, 1), value: pos(9, 7)),
        .init(path: "a.b.c.inl.x", key: pos(9, 9), value: pos(9, 13)),
        .init(path: "jobs", key: pos(10, 3), value: pos(10, 1)),
        .init(path: "jobs[0]", key: nil, value: pos(10, 1)),
        .init(path: "jobs[1]", key: nil, value: pos(11, 1)),
        .init(path: "jobs[1].ключ", key: pos(12, 1), value: pos(12, 10)),
        .init(path: "jobs[1].tabbed", key: pos(13, 2), value: pos(13, 11)),
    ]

    @Test(arguments: cases)
    func position(_ c: PositionCase) throws {
        let table = try T.parse(Self.document)
        let found = try #require(T.lookup(table, c.path))
        #expect(found.key == c.key)
        #expect(found.at == c.value)
    }

    @Test func tablePositions() throws {
        let table = try T.parse(Self.document)
        #expect(table.position == pos(1, 1))
        guard case .table(let owner)? = table["owner"], case .table(let d)? = T.lookup(table, "a.b.c.d")?.value,
              case .table(let inl)? = T.lookup(table, "a.b.c.inl")?.value,
              case .array(let jobs)? = table["jobs"], case .table(let job1) = jobs.elements[1] else {
            Issue.record("tables missing"); return
        }
        #expect(owner.position == pos(3, 1))
        #expect(d.position == pos(6, 1))
        #expect(inl.position == pos(9, 7))
        #expect(job1.position == pos(11, 1))
    }

    /// A table first implied by `[x.y]` takes the position of its own `[x]` header once that comes.
    @Test func implicitTableTakesExplicitHeaderPosition() throws {
        let table = try T.parse("[x.y]\n[ x ]\n")
        let x = try #require(table.entry("x"))
        #expect(x.keyPosition == pos(2, 3))
        #expect(x.valuePosition == pos(2, 1))
        guard case .table(let t) = x.value else { Issue.record("not a table"); return }
        #expect(t.position == pos(2, 1))
    }

    @Test(arguments: [
        ("\u{FEFF}a = 1\nb = 2", pos(1, 1), pos(2, 5)),
        ("a = 1\r\nb = 2\r\n", pos(1, 1), pos(2, 5)),
        ("a = \"\"\"\r\nx\r\n\"\"\"\r\nb = 2", pos(1, 1), pos(4, 5)),
        ("a = '''\n\n'''\nb = 2", pos(1, 1), pos(4, 5)),
    ])
    func positionsAcrossLineEnds(_ toml: String, _ a: SourcePosition, _ bValue: SourcePosition) throws {
        let table = try T.parse(toml)
        #expect(table.entry("a")?.keyPosition == a)
        #expect(table.entry("b")?.valuePosition == bValue)
    }
}
