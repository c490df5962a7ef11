import Testing
@testable import SchedulerCore

@Suite struct ConfigDotEnvTests {
    @Test(arguments: [
        ("A=1\nB=two words\n", [["A", "1"], ["B", "two words"]]),
        ("# comment\n\nexport A=1\n  B = 2  \n", [["A", "1"], ["B", "2"]]),
        ("A='lit $HOME \\n'\n", [["A", "lit $HOME \\n"]]),
        ("A=\"x\\ny\\t\\\"q\\\" \\\\\"\n", [["A", "x\ny\t\"q\" \\"]]),
        ("A=\"multi\nline\"\nB=3", [["A", "multi\nline"], ["B", "3"]]),
        ("A=value # comment\nB=a#b\n", [["A", "value"], ["B", "a#b"]]),
        ("A=\nB=\"\"\n", [["A", ""], ["B", ""]]),
        ("A=1\r\nB=2\r\n", [["A", "1"], ["B", "2"]]),
        ("_X9=ok", [["_X9", "ok"]]),
        ("", []),
    ])
    func valid(text: String, expected: [[String]]) throws {
        #expect(try DotEnv.parse(text).map { [$0.0, $0.1] } == expected)
    }

    @Test(arguments: [
        ("A=1\nthis is bad\n", DotEnvError(line: 2, column: 6, message: "expected '=' after 'this'")),
        ("9A=1\n", DotEnvError(line: 1, column: 1, message: "expected a variable name (letters, digits, '_', not starting with a digit)")),
        ("A=\"open\n", DotEnvError(line: 1, column: 3, message: "unterminated quoted value")),
        ("A='x' y\n", DotEnvError(line: 1, column: 7, message: "unexpected text after the closing quote")),
        ("=1\n", DotEnvError(line: 1, column: 1, message: "expected a variable name (letters, digits, '_', not starting with a digit)")),
    ])
    func invalid(text: String, expected: DotEnvError) {
        #expect(throws: expected) { try DotEnv.parse(text) }
    }
}
