import Testing
import SchedulerCore
@testable import SchedulerDaemon

/// The byte path job output takes to the log (no String per line): same text as the String path.
@Suite struct LogBytesTests {
    @Test(arguments: [
        ("plain ascii line", "plain ascii line"),
        ("", ""),
        ("héllo wörld, 12345678", "héllo wörld, 12345678"),
    ])
    func appendsPrefixLineAndNewline(_ input: String, _ expected: String) {
        var out: [UInt8] = []
        Array(input.utf8).withUnsafeBytes { LogBytes.appendLine($0, prefix: Array("P ".utf8), to: &out) }
        #expect(out == Array("P \(expected)\n".utf8))
    }

    @Test func replacesInvalidUTF8() {
        var out: [UInt8] = []
        let bytes: [UInt8] = [0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0xFF, 0x69]
        bytes.withUnsafeBytes { LogBytes.appendLine($0, prefix: [], to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "abcdefgh\u{FFFD}i\n")
        #expect(!bytes.withUnsafeBytes { LogBytes.isASCII($0) })
        #expect(Array("0123456789abcdefg".utf8).withUnsafeBytes { LogBytes.isASCII($0) })
    }

    @Test func callbackSplitterMatchesStringSplitter() {
        var a = LineSplitter(maxLine: 5), b = LineSplitter(maxLine: 5)
        var got: [String] = [], want: [String] = []
        for chunk in ["ab\r\ncdefghij", "k\nlm", "", "n\n\nop"].map({ Array($0.utf8) }) {
            chunk.withUnsafeBytes { a.feed($0) { got.append(String(decoding: $0, as: UTF8.self)) } }
            want += b.feed(chunk)
        }
        a.flush { got.append(String(decoding: $0, as: UTF8.self)) }
        if let rest = b.flush() { want.append(rest) }
        #expect(got == want)
        #expect(want == ["ab", "cdefg", "hijk", "lmn", "", "op"])
    }

    @Test(arguments: [0, 3, 7, 250])
    func tailKeepsLastLinesInOrder(_ n: Int) {
        var t = OutputTail(capacity: 5)
        for i in 0..<n { t.append("\(i)") }
        #expect(t.lines == (max(0, n - 5)..<n).map(String.init))
    }
}
