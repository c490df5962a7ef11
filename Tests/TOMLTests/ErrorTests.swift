import Testing
import TOML

/// Invalid input, where the error must point, and fragments its message must contain.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let toml: String, at: SourcePosition, fragments: [String]
    init(_ toml: String, _ line: Int, _ column: Int, _ fragments: String...) {
        self.toml = toml; self.at = pos(line, column); self.fragments = fragments
    }
    var testDescription: String { toml.count > 40 ? String(toml.prefix(40)) + "…" : toml }

    /// The input must be rejected at `at` with every fragment in the message.
    func check() throws {
        let error = try #require(T.error(toml), "accepted: \(toml)")
        #expect(error.position == at, "\(error)")
        for fragment in fragments {
            #expect(error.message.contains(fragment), "\(error.message) lacks \(fragment)")
        }
    }
}

@Suite struct ErrorTests {
    static let syntax: [ErrorCase] = [
        .init("a", 1, 2, "expected '=' after key 'a'", "found end of file"),
        .init("a\n= 1", 1, 2, "expected '=' after key 'a'", "found newline"),
        .init("a b = 1", 1, 3, "expected '=' after key 'a'", "found 'b'"),
        .init("a.b c = 1", 1, 5, "expected '=' after key 'a.b'", "found 'c'"),
        .init("a =", 1, 4, "expected a value for key 'a'", "found end of file"),
        .init("a = # no value", 1, 5, "expected a value for key 'a'", "found '#'"),
        .init("= 1", 1, 1, "expected a key", "found '='"),
        .init("a. = 1", 1, 4, "expected a key after '.'", "found '='"),
        .init("é = 1", 1, 1, "expected a key", "found 'é'"),
        .init("\"\"\"k\"\"\" = 1", 1, 1, "multi-line string"),
        .init("a = 1 b = 2", 1, 7, "expected a newline after the value of key 'a'", "found 'b'"),
        .init("a = truth", 1, 5, "expected a value for key 'a'", "found 'truth'"),
        .init("a = True", 1, 5, "found 'True'"),
        .init("a = hello", 1, 5, "expected a value for key 'a'", "found 'hello' (strings need quotes)"),
        .init("a = \"open", 1, 10, "expected \" to close the string opened at 1:5", "found end of file"),
        .init("a = \"line\nb = 1", 1, 10, "to close the string", "found newline"),
        .init("a = 'x\n", 1, 7, "expected ' to close", "found newline"),
        .init("a = \"\"\"\nnever closed", 2, 13, "expected \"\"\" to close", "found end of file"),
        .init("a = \"\\q\"", 1, 6, "invalid escape sequence", "found '\\q'"),
        .init("a = \"\\u12\"", 1, 10, "expected 4 hex digits after '\\u'", "found '\"'"),
        .init("a = \"\\uD800\"", 1, 6, "not a Unicode scalar value"),
        .init("a = \"\\U00110000\"", 1, 6, "not a Unicode scalar value"),
        .init("a = \"\\x41\"", 1, 6, "invalid escape sequence", "found '\\x'"),
        .init("a = \"\\e\"", 1, 6, "invalid escape sequence"),
        .init("a = \"tab ok, bell \u{7} not\"", 1, 19, "control character U+0007 must be escaped"),
        .init("a = '''x''''''", 1, 14, "at most two quotes"),
        .init("a = [1, 2", 1, 10, "expected ',' or ']' after an array element", "found end of file"),
        .init("a = [1 2]", 1, 8, "expected ',' or ']'", "found '2'"),
        .init("a = [,]", 1, 6, "expected a value or ']' in the array opened at 1:5", "found ','"),
        .init("a = {x = 1\n}", 1, 11, "expected ',' or '}' in the inline table", "found newline", "one line"),
        .init("a = {x = 1,}", 1, 12, "trailing comma"),
        .init("a = {x = 1 y = 2}", 1, 12, "expected ',' or '}'", "found 'y'"),
        .init("[a", 1, 3, "expected ']' to close the header [a", "found end of file"),
        .init("[[a]\n", 1, 5, "expected ']]' to close the header [[a", "found newline"),
        .init("[a] b = 1", 1, 5, "expected a newline after the header [a]", "found 'b'"),
        .init("[]", 1, 2, "expected a table name after '['", "found ']'"),
        .init("[a.]", 1, 4, "expected a key after '.'", "found ']'"),
        .init("a = 1\rb = 2", 1, 6, "line feed after carriage return"),
        .init("# bell \u{7}\n", 1, 8, "control character U+0007 is not allowed in a comment"),
        .init("a = 1 # \u{7F}", 1, 9, "control character U+007F"),
    ]

    static let numbers: [ErrorCase] = [
        .init("a = 9223372036854775808", 1, 5, "does not fit in 64 bits"),
        .init("a = -9223372036854775809", 1, 5, "does not fit in 64 bits"),
        .init("a = 0x8000000000000000", 1, 5, "does not fit in 64 bits"),
        .init("a = 99999999999999999999999", 1, 5, "does not fit in 64 bits"),
        .init("a = 01", 1, 5, "leading zeros"), .init("a = -01.5", 1, 6, "leading zeros"),
        .init("a = 1__0", 1, 6, "underscores go between digits"),
        .init("a = 1_", 1, 6, "underscores go between digits", "found end of file"),
        .init("a = 1.", 1, 7, "expected a digit after the decimal point"),
        .init("a = .5", 1, 5, "expected a value", "found '.5'"),
        .init("a = 1e", 1, 7, "expected a digit in the exponent"),
        .init("a = +0x10", 1, 5, "hexadecimal integer can't have a sign"),
        .init("a = 0x", 1, 7, "expected a hexadecimal digit"),
        .init("a = 0o8", 1, 7, "expected an octal digit", "found '8'"),
        .init("a = 0X10", 1, 6, "unexpected 'X10' after integer value"),
        .init("a = 12abc", 1, 7, "unexpected 'abc' after integer value"),
        .init("a = infinity", 1, 8, "unexpected 'inity' after float value"),
        .init("a = NaN", 1, 5, "expected a value for key 'a'", "found 'NaN'"),
    ]

    static let dates: [ErrorCase] = [
        .init("a = 1979-13-01", 1, 10, "month 13 is out of range"),
        .init("a = 1979-02-29", 1, 13, "day 29 is out of range for 1979-02"),
        .init("a = 1900-02-29", 1, 13, "day 29 is out of range"),
        .init("a = 1979-05-00", 1, 13, "day 00 is out of range"),
        .init("a = 1979-05-27T24:00:00", 1, 16, "hour 24 is out of range"),
        .init("a = 1979-05-27T23:60:00", 1, 19, "minute 60 is out of range"),
        .init("a = 1979-05-27T23:59:61", 1, 22, "second 61 is out of range"),
        .init("a = 1979-05-27T07:32", 1, 21, "expected ':' and seconds after the minute"),
        .init("a = 1979-05-27T07:32:00.", 1, 25, "expected a digit after the decimal point in the seconds"),
        .init("a = 1979-05-27T07:32:00+25:00", 1, 24, "time offset +25:00 is out of range"),
        .init("a = 1979-05-27T07:32:00+05", 1, 27, "expected ':' in the time offset"),
        .init("a = 1979-5-27", 1, 11, "expected 2 digits for the month"),
        .init("a = 1979-05-27X", 1, 15, "unexpected 'X' after date value"),
        .init("a = 1979-05-27T", 1, 16, "expected 2 digits for the hour", "found end of file"),
        .init("a = 7:32:00", 1, 6, "unexpected ':32:00' after integer value"),
    ]

    @Test(arguments: syntax + numbers + dates)
    func invalid(_ c: ErrorCase) throws {
        try c.check()
    }

    @Test func descriptionHasLineAndColumn() {
        #expect(T.error("a = 1\nb")?.description == "2:2: expected '=' after key 'b', found end of file")
    }
}
