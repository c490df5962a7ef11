import Testing
@testable import SchedulerCore

@Suite struct SuggestTests {
    @Test(arguments: [
        ("timout", ["timeout", "jitter", "retry"], "timeout"),
        ("comand", ["command", "exec"], "command"),
        ("zzzzzz", ["command", "exec"], nil),
        ("ovrelap", ["overlap", "enabled"], "overlap"),
    ] as [(String, [String], String?)])
    func closest(word: String, candidates: [String], expected: String?) {
        #expect(Suggest.closest(to: word, in: candidates) == expected)
    }

    @Test func distance() {
        #expect(Suggest.distance("kitten", "sitting") == 3)
        #expect(Suggest.distance("ab", "ba") == 1)
        #expect(Suggest.distance("", "abc") == 3)
    }
}
