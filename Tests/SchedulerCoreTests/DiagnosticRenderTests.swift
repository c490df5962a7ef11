import Testing
import TOML
@testable import SchedulerCore

@Suite struct DiagnosticRenderTests {
    @Test func rendersLikeRustc() {
        let d = Diagnostic(path: "scheduler.toml", position: SourcePosition(line: 12, column: 5), length: 6,
                           message: "unknown key 'timout' in job 'backup'", hint: "did you mean 'timeout'?",
                           sourceLine: "    timout = \"1h\"")
        #expect(d.render(color: false) == """
        scheduler.toml:12:5: error: unknown key 'timout' in job 'backup'
           12 |     timout = "1h"
              |     ^^^^^^
           hint: did you mean 'timeout'?
        """)
    }

    @Test func warningWithoutHintAndLongLineNumber() {
        let d = Diagnostic(severity: .warning, path: "a.toml", position: SourcePosition(line: 123456, column: 1), length: 3,
                           message: "m", sourceLine: "abc = 1")
        #expect(d.render(color: false) == "a.toml:123456:1: warning: m\n123456 | abc = 1\n       | ^^^")
    }

    @Test func fileLevelProblemHasNoSourceLine() {
        let d = Diagnostic(path: "/x/s.toml", message: "config file '/x/s.toml' not found", hint: "create it")
        #expect(d.render(color: false) == "/x/s.toml: error: config file '/x/s.toml' not found\n   hint: create it")
    }

    @Test func tabsAreKeptSoTheCaretLinesUp() {
        let d = Diagnostic(path: "f", position: SourcePosition(line: 1, column: 3), length: 1, message: "m",
                           sourceLine: "\t\tx = 1")
        #expect(d.render(color: false).split(separator: "\n").last == "      | \t\t^")
    }

    @Test func colorUsesAnsiAndNoColorHasNone() {
        let d = Diagnostic(path: "f", position: SourcePosition(line: 1, column: 1), message: "m", hint: "h", sourceLine: "x")
        #expect(d.render(color: true).contains("\u{1B}[1;31merror:\u{1B}[0m"))
        #expect(d.render(color: true).contains("\u{1B}[1;36mhint:\u{1B}[0m"))
        #expect(!d.render(color: false).contains("\u{1B}"))
    }

    @Test func fileOrderPutsFileProblemsFirstAndKeepsTies() {
        func d(_ m: String, _ p: (Int, Int)?) -> Diagnostic {
            Diagnostic(path: "f", position: p.map { SourcePosition(line: $0.0, column: $0.1) }, message: m)
        }
        let sorted = [d("c", (2, 1)), d("a", (1, 5)), d("file", nil), d("b", (1, 5)), d("z", (1, 1))].inFileOrder()
        #expect(sorted.map(\.message) == ["file", "z", "a", "b", "c"])
    }

    @Test(arguments: [
        ("timeout = \"1h\"", 11, 4),
        ("\"quoted key\" = 1", 15, 1),
        ("env = { A = \"x\", B = [1, \"]\"] }", 7, 25),
        ("daily = [\"09:00\", \"17:30\"] # c", 9, 18),
        ("n = 12_000 # c", 5, 6),
        ("b = true", 5, 4),
        ("d = 1979-05-27T07:32:00Z", 5, 20),
        ("s = 'lit\\'", 5, 6),
        ("s = \"esc\\\"aped\" # x", 5, 11),
        ("m = \"\"\"multi", 5, 8),
        ("a = [", 5, 1),
        ("[jobs.\"a]b\"]", 1, 12),
    ] as [(String, Int, Int)])
    func valueLengths(line: String, column: Int, length: Int) {
        #expect(SourceText(line).valueLength(at: SourcePosition(line: 1, column: column)) == length)
    }

    @Test(arguments: [("timeout = 1", 1, 7), ("\"a b\" = 1", 1, 5), ("'lit' = 1", 1, 5), ("a-b_c.d = 1", 1, 5), ("é = 1", 1, 1)])
    func keyLengths(line: String, column: Int, length: Int) {
        #expect(SourceText(line).keyLength(at: SourcePosition(line: 1, column: column)) == length)
    }

    @Test func linesWithCRLFAndPastTheEnd() {
        let t = SourceText("a = 1\r\nb = 2\n")
        #expect(t.line(1) == "a = 1")
        #expect(t.line(2) == "b = 2")
        #expect(t.line(3) == "")
        #expect(t.line(4) == nil)
        #expect(t.valueLength(at: SourcePosition(line: 9, column: 1)) == 1)
    }
}
