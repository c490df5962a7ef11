import Testing
import TOML

/// One valid document, a path in it, and the exact value there.
struct ValueCase: Sendable, CustomTestStringConvertible {
    let toml: String, path: String, expected: String
    init(_ toml: String, _ path: String, _ expected: String) { self.toml = toml; self.path = path; self.expected = expected }
    var testDescription: String { toml.count > 40 ? String(toml.prefix(40)) + "…" : toml }
}

@Suite struct ValueTests {
    static let strings: [ValueCase] = [
        .init(#"a = "plain""#, "a", "string:plain"),
        .init(#"a = """#, "a", "string:"),
        .init(#"a = "\b\t\n\f\r\"\\""#, "a", "string:\u{8}\t\n\u{c}\r\"\\"),
        .init(#"a = "caf\u00e9 \U0001F600""#, "a", "string:café 😀"),
        .init("a = \"tab\tinside\"", "a", "string:tab\tinside"),
        .init("a = 'C:\\path\\no\\escapes'", "a", "string:C:\\path\\no\\escapes"),
        .init("a = ''", "a", "string:"),
        .init("a = \"\"\"\nfirst newline trimmed\"\"\"", "a", "string:first newline trimmed"),
        .init("a = \"\"\"\r\ncrlf trimmed\r\nand normalised\"\"\"", "a", "string:crlf trimmed\nand normalised"),
        .init("a = \"\"\"one \\\n    two \\\n\n  three\"\"\"", "a", "string:one two three"),
        .init("a = \"\"\"ends with \\   \n  \"\"\"", "a", "string:ends with "),
        .init(#"a = """two "" quotes""""#, "a", #"string:two "" quotes"#),
        .init(#"a = """"one quote at start""""#, "a", #"string:"one quote at start"#),
        .init(#"a = """"quotes both ends"""""#, "a", #"string:"quotes both ends""#),
        .init(#"a = """x""""""#, "a", #"string:x"""#),
        .init("a = '''\nraw \\n stays'''", "a", "string:raw \\n stays"),
        .init("a = ''''quoted'''''", "a", "string:'quoted''"),
        .init("a = \"ünïcödé ✓\"", "a", "string:ünïcödé ✓"),
    ]

    static let numbers: [ValueCase] = [
        .init("a = 0", "a", "int:0"), .init("a = +0", "a", "int:0"), .init("a = -0", "a", "int:0"),
        .init("a = 1_000_000", "a", "int:1000000"),
        .init("a = 9223372036854775807", "a", "int:9223372036854775807"),
        .init("a = -9223372036854775808", "a", "int:-9223372036854775808"),
        .init("a = 0xDEAD_beef", "a", "int:3735928559"), .init("a = 0o755", "a", "int:493"),
        .init("a = 0b1101_0110", "a", "int:214"), .init("a = 0x7FFFFFFFFFFFFFFF", "a", "int:9223372036854775807"),
        .init("a = 0x00ff", "a", "int:255"),
        .init("a = 3.14", "a", "float:3.14"), .init("a = -0.01", "a", "float:-0.01"),
        .init("a = 5e+22", "a", "float:5e+22"), .init("a = 1E06", "a", "float:1000000.0"),
        .init("a = -2E-2", "a", "float:-0.02"), .init("a = 6.626e-34", "a", "float:6.626e-34"),
        .init("a = 224_617.445_991", "a", "float:224617.445991"), .init("a = 0.0", "a", "float:0.0"),
        .init("a = inf", "a", "float:inf"), .init("a = +inf", "a", "float:inf"), .init("a = -inf", "a", "float:-inf"),
        .init("a = nan", "a", "float:nan"), .init("a = -nan", "a", "float:nan"),
        .init("a = true", "a", "bool:true"), .init("a = false", "a", "bool:false"),
    ]

    static let dates: [ValueCase] = [
        .init("a = 1979-05-27T07:32:00Z", "a", "datetime:1979-05-27T07:32:00Z"),
        .init("a = 1979-05-27t07:32:00z", "a", "datetime:1979-05-27T07:32:00Z"),
        .init("a = 1979-05-27 07:32:00-07:00", "a", "datetime:1979-05-27T07:32:00-07:00"),
        .init("a = 1979-05-27T00:32:00.999999+05:30", "a", "datetime:1979-05-27T00:32:00.999999000+05:30"),
        .init("a = 1979-05-27T07:32:00", "a", "datetime-local:1979-05-27T07:32:00"),
        .init("a = 1979-05-27T07:32:00.1234567891", "a", "datetime-local:1979-05-27T07:32:00.123456789"),
        .init("a = 1979-05-27", "a", "date:1979-05-27"),
        .init("a = 1979-05-27 # date then comment", "a", "date:1979-05-27"),
        .init("a = 2000-02-29", "a", "date:2000-02-29"),
        .init("a = 07:32:00", "a", "time:07:32:00"), .init("a = 00:32:00.5", "a", "time:00:32:00.500000000"),
        .init("a = 23:59:60", "a", "time:23:59:60"),
        .init("a = [1979-05-27, 07:32:00]", "a", "[date:1979-05-27, time:07:32:00]"),
    ]

    static let structure: [ValueCase] = [
        .init("a = [1, 'two', [3.0], {x = 4}]", "a", "[int:1, string:two, [float:3.0], {x=int:4}]"),
        .init("a = [\n  1, # one\n  2,\n]", "a", "[int:1, int:2]"),
        .init("a = []", "a", "[]"), .init("a = {}", "a", "{}"),
        .init("a = { x = 1, y.z = 2 }", "a", "{x=int:1, y={z=int:2}}"),
        .init("a.b.c = 1\na.b.d = 2", "a", "{b={c=int:1, d=int:2}}"),
        .init("\"a.b\" = 1", "\"a.b\"", "int:1"),
        .init("'single quoted' = 1", "\"single quoted\"", "int:1"),
        .init("'q\"k' = 1\n'\\' = 2", "", "{q\"k=int:1, \\=int:2}"),
        .init("\"\" = 'empty key'", "\"\"", "string:empty key"),
        .init("\"\\u0061\" = 1\n", "a", "int:1"),
        .init("a . b . c = 1", "a.b.c", "int:1"),
        .init("1234 = 'numeric bare key'", "1234", "string:numeric bare key"),
        .init("[a.b]\nc = 1\n[a]\nd = 2", "a", "{b={c=int:1}, d=int:2}"),
        .init("[[p]]\nx = 1\n[[p]]\nx = 2", "p", "[{x=int:1}, {x=int:2}]"),
        .init("[[p]]\n[p.q]\nx = 1\n[[p]]\n[p.q]\nx = 2", "p[1].q.x", "int:2"),
        .init("[[a.b]]\nx = 1\n[a]\ny = 2", "a", "{b=[{x=int:1}], y=int:2}"),
        .init("[fruit]\napple.color = 'red'\n[fruit.apple.texture]\nsmooth = true", "fruit.apple",
              "{color=string:red, texture={smooth=bool:true}}"),
        .init("a = 1 # comment\n# comment only\n\n", "a", "int:1"),
        .init("[ a . 'b' ]  # spaces in header\nx = 1", "a.b.x", "int:1"),
    ]

    @Test(arguments: strings + numbers + dates + structure)
    func value(_ c: ValueCase) throws {
        let table = try T.parse(c.toml)
        let found = try #require(T.lookup(table, c.path), "no value at \(c.path)")
        #expect(T.render(found.value) == c.expected)
    }

    /// TOML 1.1 additions are accepted only with `.v1_1`.
    static let toml11: [ValueCase] = [
        .init("a = {\n  x = 1, # c\n  y = 2,\n}", "a", "{x=int:1, y=int:2}"),
        .init(#"a = "\e[0m \x41""#, "a", "string:\u{1B}[0m A"),
        .init("a = 07:32", "a", "time:07:32:00"),
        .init("a = 1979-05-27 07:32Z", "a", "datetime:1979-05-27T07:32:00Z"),
    ]

    @Test(arguments: toml11)
    func toml11Only(_ c: ValueCase) throws {
        let table = try T.parse(c.toml, .v1_1)
        #expect(T.lookup(table, c.path).map { T.render($0.value) } == c.expected)
        #expect(T.error(c.toml) != nil, "TOML 1.0 must reject \(c.toml)")
    }
}
