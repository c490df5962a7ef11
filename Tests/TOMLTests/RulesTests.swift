import Testing
import TOML

/// TOML's rules on defining keys and tables twice.
@Suite struct RulesTests {
    static let invalid: [ErrorCase] = [
        .init("a = 1\na = 2", 2, 1, "duplicate key 'a'", "first defined at 1:1"),
        .init("a = 1\n\"a\" = 2", 2, 1, "duplicate key '\"a\"'", "first defined at 1:1"),
        .init("a = 1\n'\\u0061' = 2\n\"\\u0061\" = 3", 3, 1, "duplicate key"),
        .init("a.b = 1\na.b = 2", 2, 3, "duplicate key 'a.b'", "first defined at 1:3"),
        .init("a = {b = 1, b = 2}", 1, 13, "duplicate key 'b'"),
        .init("a = {k1 = 1, k1.name = 'joe'}", 1, 14, "'k1' is an integer"),
        .init("[a]\n[a]", 2, 2, "table [a] is defined twice", "first defined at 1:2"),
        .init("[a]\nb = 1\n[a.b]", 3, 4, "cannot define table [a.b]", "already an integer"),
        .init("[a.b]\n[a]\nb = 1", 3, 1, "duplicate key 'b'", "first defined at 1:4"),
        .init("[a]\nb.c = 1\n[a.b]", 3, 4, "already defined by dotted keys", "first defined at 2:1"),
        .init("a.b = 1\n[a]", 2, 2, "table [a] was already defined by dotted keys"),
        .init("a = {}\n[a]", 2, 2, "already defined as an inline table"),
        .init("a = {}\n[a.b]", 2, 2, "'a' is an inline table"),
        .init("a = {b = {}}\na.b.c = 1", 2, 1, "'a' is an inline table"),
        .init("a = {b.c = 1}\na.b.d = 2", 2, 1, "inline table"),
        .init("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, 1, "cannot add 'b.c.t' with dotted keys", "defined by a header"),
        .init("[[a.b]]\n[a]\nb.y = 2", 3, 1, "cannot add 'b.y'"),
        .init("a = [1]\n[[a]]", 2, 3, "cannot append to [[a]]", "static array"),
        .init("[a]\n[[a]]", 2, 3, "cannot append to [[a]]", "a table"),
        .init("[[a]]\n[a]", 2, 2, "cannot define table [a]", "array of tables"),
        .init("a = [{}]\n[a.b]", 2, 2, "'a' is an array"),
        .init("a = 1\n[a.b]", 2, 2, "'a' is an integer"),
        .init("a = 1\na.b = 2", 2, 1, "cannot add 'a.b' with dotted keys: 'a' is an integer", "first defined at 1:1"),
        .init("[x]\n[x.y]\n[x]", 3, 2, "table [x] is defined twice"),
    ]

    @Test(arguments: invalid)
    func rejected(_ c: ErrorCase) throws {
        try c.check()
    }

    static let valid: [String] = [
        "[a.b]\n[a]\nc = 1",
        "[a]\n[a.b]\n[a.c]",
        "a.b = 1\na.c = 2\n[d]",
        "[fruit]\napple.color = 'red'\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
        "[[a]]\n[a.b]\n[[a]]\n[a.b]",
        "[[a.b]]\n[a]\nc = 1",
        "[[a]]\nb.c = 1\n[[a]]\nb.c = 2",
        "a = {b.c = 1, b.d = 2}",
        "x.y.z = 1\n[x.w]",
        "[a.b.c]\n[a.b]\n[a]",
    ]

    @Test(arguments: valid)
    func accepted(_ toml: String) throws {
        _ = try T.parse(toml)
    }
}
