import Testing
@testable import SchedulerCore

@Suite struct DurationHintTests {
    @Test(arguments: [
        ("10 minutes", "10m"), ("10min", "10m"), ("1 hour 30 minutes", "1h30m"), ("1.5h", "1h30m"), ("2 days", "2d"),
        ("30 sec", "30s"), ("1h 30m", "1h30m"), ("10M", "10m"), ("250 milliseconds", "250ms"), ("1 week", "7d"),
        ("1 hour and 5 minutes", "1h5m"), ("0.5s", "500ms"),
    ])
    func suggests(text: String, expected: String) {
        #expect(DurationHint.suggestion(for: text) == expected)
    }

    @Test(arguments: ["soon", "-5s", "10 parsecs", "", "10m", "0 minutes", "h"])
    func noSuggestion(text: String) {
        #expect(DurationHint.suggestion(for: text) == nil)
    }

    @Test(arguments: [("10MB", 10 << 20), ("1 GiB", 1 << 30), ("512k", 512 << 10), ("7", 7), ("3b", 3)] as [(String, Int?)] + [("MB", nil), ("1TB", nil), ("1.5MB", nil)])
    func sizes(text: String, expected: Int?) {
        #expect(SizeSyntax.parse(text) == expected)
    }
}
