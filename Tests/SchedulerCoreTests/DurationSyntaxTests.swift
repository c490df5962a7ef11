import Testing
@testable import SchedulerCore

@Suite struct DurationSyntaxTests {
    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("90s", .seconds(90)), ("10m", .seconds(600)),
        ("1h30m", .seconds(5400)), ("2d", .seconds(172_800)), ("45", .seconds(45)), ("0s", .zero),
        ("1w", .seconds(604_800)), ("1m30s500ms", .milliseconds(90_500)),
    ])
    func valid(text: String, expected: Duration) throws {
        #expect(try DurationSyntax.parse(text) == expected)
    }

    @Test(arguments: ["10 minutes", "-5s", "", "m", "1.5h", "30m1h", "1h1h", "10M", "99999999999999999999s"])
    func invalid(text: String) {
        #expect(throws: DurationSyntaxError.self) { try DurationSyntax.parse(text) }
    }

    @Test(arguments: [(Duration.seconds(5400), "1h30m"), (.milliseconds(500), "500ms"), (.zero, "0s"), (.seconds(86_400), "1d")])
    func format(d: Duration, expected: String) {
        #expect(DurationSyntax.format(d) == expected)
    }
}
