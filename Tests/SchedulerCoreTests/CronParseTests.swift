import Testing
@testable import SchedulerCore

/// Debian cron syntax: what parses to which sets, what is refused and where the caret goes.
@Suite struct CronParseTests {
    static func bits(_ values: [Int]) -> UInt64 { values.reduce(0) { $0 | 1 << UInt64($1) } }

    @Test(arguments: [
        ("*/15 * * * *", 0, [0, 15, 30, 45]),
        ("0,30 * * * *", 0, [0, 30]),
        ("10-20/5 * * * *", 0, [10, 15, 20]),
        ("5-5/10 * * * *", 0, [5]),            // Debian: one value; cronsim reads it as 5/10
        ("*/7 * * * *", 0, [0, 7, 14, 21, 28, 35, 42, 49, 56]),
        ("1-3,*/30 * * * *", 0, [0, 1, 2, 3, 30]),
        ("0 */6 * * *", 1, [0, 6, 12, 18]),
        ("0 9-17/4 * * *", 1, [9, 13, 17]),
        ("0 0 1,15,L2 * *", -1, []),
    ])
    func minuteAndHourFields(expr: String, field: Int, expected: [Int]) {
        guard field >= 0 else {
            #expect(throws: ScheduleSyntaxError.self) { try CronExpression.parse(expr) }
            return
        }
        let e = try! CronExpression.parse(expr)
        #expect((field == 0 ? e.minutes : UInt64(e.hours)) == Self.bits(expected))
    }

    @Test(arguments: [
        ("0 0 * * 7", [0]), ("0 0 * * 0", [0]), ("0 0 * * 5-7", [0, 5, 6]), ("0 0 * * SUN", [0]),
        ("0 0 * * mon-FRI", [1, 2, 3, 4, 5]), ("0 0 * * */2", [0, 2, 4, 6]), ("0 0 * * */3", [0, 3, 6]),
        ("0 0 * * Sat,sun", [0, 6]), ("0 0 * * 1-7/3", [1, 4, 0]),
    ])
    func daysOfWeek(expr: String, expected: [Int]) throws {
        #expect(try CronExpression.parse(expr).daysOfWeek == UInt8(Self.bits(expected)))
    }

    @Test(arguments: [
        ("0 0 1 jan-MAR *", [1, 2, 3]), ("0 0 1 Dec,feb *", [2, 12]), ("0 0 1 */4 *", [1, 5, 9]),
        ("0 0 1 * *", Array(1...12)), ("0 0 1 jun-dec/3 *", [6, 9, 12]),
    ])
    func months(expr: String, expected: [Int]) throws {
        #expect(try CronExpression.parse(expr).months == UInt16(Self.bits(expected)))
    }

    /// The DOM/DOW rule is decided by the first character of the fields, as in Debian cron.
    @Test(arguments: [
        ("0 0 * * 1", true), ("0 0 1 * *", true), ("0 0 1 * 1", false), ("0 0 */2 * 1", true),
        ("0 0 1 * */2", true), ("0 0 1-31 * 1", false), ("0 0 *,1 * 1", true),
    ])
    func dayRule(expr: String, both: Bool) throws {
        #expect(try CronExpression.parse(expr).daysMustMatchBoth == both)
    }

    @Test(arguments: [
        ("0 3 * * *", true), ("*/5 3 * * *", false), ("0 * * * *", false), ("0 */2 * * *", false),
        ("0,30 1-3 * * *", true), ("@daily", true), ("@hourly", false),
    ])
    func wallClockMode(expr: String, wall: Bool) throws {
        #expect(try CronExpression.parse(expr).isWallClock == wall)
    }

    /// (expression, offset of the bad field or item, words the message must contain)
    @Test(arguments: [
        ("", 0, "empty"),
        ("* * * *", 7, "4 fields"),
        ("* * * * * *", 10, "6 fields"),
        ("0 0 * * * /usr/bin/backup", 10, "6 fields"),
        ("61 * * * *", 0, "out of range"),
        ("0 24 * * *", 2, "out of range"),
        ("0 0 0 * *", 4, "out of range"),
        ("0 0 32 * *", 4, "out of range"),
        ("0 0 * 13 *", 6, "out of range"),
        ("0 0 * * 8", 8, "out of range"),
        ("0 0 1,2,99 * *", 8, "out of range"),
        ("5/10 * * * *", 0, "step only after"),
        ("*/0 * * * *", 0, "step"),
        ("*/x * * * *", 0, "step"),
        ("20-10 * * * *", 0, "backwards"),
        ("0 0 * * fri-mon", 8, "backwards"),
        ("0 0 * * monday", 8, "not a valid day-of-week"),
        ("0 0 * jnu *", 6, "not a valid month"),
        ("0 0 * * 1,,2", 10, "empty item"),
        ("0 0 * * 1,", 10, "empty item"),
        ("a * * * *", 0, "not a valid minute"),
        ("*-5 * * * *", 0, "not a valid minute"),
        ("0 0 L * *", 4, "not a valid day-of-month"),
        ("0 0 * * 5#2", 8, "not a valid day-of-week"),
        ("0 0 30 2 *", 4, "never runs"),
        ("0 0 31 4,6,9,11 *", 4, "never runs"),
        ("0 0 30,31 feb *", 4, "never runs"),
        ("@fortnightly", 0, "unknown cron nickname"),
        ("@daily 0", 7, "nothing after"),
    ])
    func invalid(expr: String, offset: Int, message: String) {
        do {
            _ = try ScheduleSpec.parseCron(expr)
            Issue.record("'\(expr)' parsed")
        } catch {
            #expect(error.offset == offset, "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test(arguments: ["0 0 30 2 mon", "0 0 31 * *", "0 0 29 2 *", "@reboot", "@Daily", "  0  3\t* * *  ", "00 03 * * *"])
    func validEdgeCases(expr: String) throws {
        _ = try ScheduleSpec.parseCron(expr)
    }

    @Test func hints() {
        #expect(throws: ScheduleSyntaxError(message: "'5/10': Debian cron allows a step only after '*' or a range",
                                            hint: "write 5-59/10", offset: 0)) { try ScheduleSpec.parseCron("5/10 * * * *") }
        let e = #expect(throws: ScheduleSyntaxError.self) { try ScheduleSpec.parseCron("@dayly") }
        #expect(e?.hint == "did you mean '@daily'?")
        let d = #expect(throws: ScheduleSyntaxError.self) { try ScheduleSpec.parseCron("0 0 * * tuw") }
        #expect(d?.hint == "did you mean 'tue'?")
    }

    @Test(arguments: [
        ("0 0 */2 * mon", "day-of-month '*/2' starts with '*'"),
        ("0 0 13 * */2", "day-of-week '*/2' starts with '*'"),
        ("0 0 13 * fri", "match either"),
        ("0 0 1-31 * mon", "every day"),
        ("0 0 * * 1", ""), ("0 0 1 * *", ""), ("0 0 */2 * *", ""), ("0 0 * * */1", ""), ("@weekly", ""), ("@reboot", ""),
    ])
    func warnings(expr: String, contains: String) {
        let w = ScheduleTestSupport.cron(expr).warnings
        if contains.isEmpty { #expect(w.isEmpty) } else { #expect(w.count == 1 && w[0].contains(contains), "\(w)") }
    }
}
