import Testing
@testable import SchedulerCore

/// TZif reading, POSIX TZ rules, zone lookup and the local-time mapping.
@Suite struct ZoneRulesTests {
    typealias T = ScheduleTestSupport
    static let dir = "/usr/share/zoneinfo"

    /// (zone, instant, expected offset in seconds)
    @Test(arguments: [
        ("America/New_York", "2026-03-08T06:59:59Z", -18000), ("America/New_York", "2026-03-08T07:00:00Z", -14400),
        ("America/New_York", "2026-11-01T05:59:59Z", -14400), ("America/New_York", "2026-11-01T06:00:00Z", -18000),
        ("Europe/Berlin", "2026-07-01T00:00:00Z", 7200), ("Europe/Berlin", "2026-01-01T00:00:00Z", 3600),
        ("Australia/Lord_Howe", "2026-01-01T00:00:00Z", 39600), ("Australia/Lord_Howe", "2026-07-01T00:00:00Z", 37800),
        ("Pacific/Chatham", "2026-01-01T00:00:00Z", 49500), ("Pacific/Chatham", "2026-07-01T00:00:00Z", 45900),
        ("Europe/Dublin", "2026-07-01T00:00:00Z", 3600), ("Europe/Dublin", "2026-01-01T00:00:00Z", 0),
        ("America/Sao_Paulo", "2018-12-01T00:00:00Z", -7200), ("America/Sao_Paulo", "2026-01-01T00:00:00Z", -10800),
        ("Pacific/Apia", "2011-12-30T09:59:59Z", -36000), ("Pacific/Apia", "2011-12-30T10:00:00Z", 50400),
        ("Asia/Kolkata", "2026-01-01T00:00:00Z", 19800),
        // Past the TZif table (2037): the footer rule.
        ("America/New_York", "2100-03-14T06:59:59Z", -18000), ("America/New_York", "2100-03-14T07:00:00Z", -14400),
        ("Europe/Berlin", "2100-10-31T00:59:59Z", 7200), ("Europe/Berlin", "2100-10-31T01:00:00Z", 3600),
        ("Australia/Lord_Howe", "2099-10-03T15:30:00Z", 39600), ("Australia/Lord_Howe", "2099-10-03T15:29:59Z", 37800),
        ("Europe/Dublin", "2100-07-01T00:00:00Z", 3600), ("Europe/Dublin", "2100-01-01T00:00:00Z", 0),
        ("UTC", "2100-01-01T00:00:00Z", 0),
    ])
    func offsets(zone: String, at: String, expected: Int) {
        #expect(T.zone(zone).offset(at: T.instant(at)) == expected)
    }

    /// For every zone whose footer has DST and whose table ends in 2037, table and footer rule alone must agree
    /// on 2030–2036: checks the POSIX rule code against zic's own output.
    @Test func footerAgreesWithTable() throws {
        let names = TimeZoneRules.knownNames(directory: Self.dir)
        #expect(names.count > 300)
        var checked = 0
        for name in names {
            guard let bytes = TimeZoneRules.readFile(Self.dir + "/" + name), let c = TZif.parse(bytes),
                  let footer = c.footer, footer.daylight != nil, let last = c.transitions.last?.0,
                  last > T.instant("2036-12-31T00:00:00Z").seconds,
                  last < T.instant("2038-01-31T00:00:00Z").seconds else { continue }  // not Gaza's Ramadan table
            let full = TimeZoneRules.fromTZif(bytes, name: name)!
            let rule = TimeZoneRules.build(name: name, initialOffset: footer.standard, table: [], footer: footer)
            // Both must change offset at the same instants, to the same offsets.
            let from = T.instant("2030-01-01T00:00:00Z").seconds, to = T.instant("2037-01-01T00:00:00Z").seconds
            let instants = (full.changes + rule.changes).filter { $0 > from && $0 < to }
            let differ = instants.filter { t in
                full.offset(atUTC: t) != rule.offset(atUTC: t) || full.offset(atUTC: t - 1) != rule.offset(atUTC: t - 1)
            }
            #expect(differ.isEmpty, "\(name)")
            #expect(instants.count >= 14, "\(name)")
            checked += 1
        }
        #expect(checked > 50)
    }

    @Test(arguments: [
        ("EST5EDT,M3.2.0,M11.1.0", "2026-07-01T00:00:00Z", -14400), ("EST5EDT,M3.2.0,M11.1.0", "2026-01-01T00:00:00Z", -18000),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-10-25T00:59:59Z", 7200), ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-10-25T01:00:00Z", 3600),
        ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2026-01-01T00:00:00Z", 39600),
        ("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "2026-07-01T00:00:00Z", 45900),
        ("IST-1GMT0,M10.5.0,M3.5.0/1", "2026-01-01T00:00:00Z", 0), ("IST-1GMT0,M10.5.0,M3.5.0/1", "2026-07-01T00:00:00Z", 3600),
        ("<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-07-01T00:00:00Z", -3600),
        ("XXX3YYY,J60/2,J300/2", "2024-03-01T04:59:59Z", -10800), ("XXX3YYY,J60/2,J300/2", "2024-03-01T05:00:00Z", -7200),
        ("XXX3YYY,59/2,300/2", "2024-02-29T04:59:59Z", -10800), ("XXX3YYY,59/2,300/2", "2024-02-29T05:00:00Z", -7200),
        ("JST-9", "2026-07-01T00:00:00Z", 32400), ("EST5EDT", "2026-07-01T00:00:00Z", -14400),
    ])
    func posixRules(tz: String, at: String, expected: Int) throws {
        let zone = try #require(TimeZoneRules.posix(tz))
        #expect(zone.offset(at: T.instant(at)) == expected)
    }

    @Test(arguments: ["", "EST", "EST5EDT,M3", "EST5EDT,M13.1.0,M11.1.0", "5EST", "EST5EDT,M3.2.0", "<EST5"])
    func badPosixRules(tz: String) {
        #expect(TimeZoneRules.posix(tz) == nil)
    }

    @Test func unknownZonesSuggest() {
        let e = #expect(throws: TimeZoneError.self) { try TimeZoneRules.load(named: "Europe/Berln", directory: Self.dir) }
        #expect(e?.message == "unknown time zone 'Europe/Berln'")
        #expect(e?.hint == "did you mean 'Europe/Berlin'?")
        let city = #expect(throws: TimeZoneError.self) { try TimeZoneRules.load(named: "Tokyo", directory: Self.dir) }
        #expect(city?.hint == "did you mean 'Asia/Tokyo'?")
        let none = #expect(throws: TimeZoneError.self) { try TimeZoneRules.load(named: "Mars/Olympus", directory: "/nonexistent") }
        #expect(none?.hint?.contains("install tzdata") == true)
        for bad in ["../etc/passwd", "/etc/localtime", "", "Europe//Berlin", "Europe/./Berlin"] {
            #expect(throws: TimeZoneError.self) { try TimeZoneRules.load(named: bad, directory: Self.dir) }
        }
        #expect(throws: TimeZoneError.self) { try TimeZoneRules.load(named: "zone.tab", directory: Self.dir) }
    }

    @Test func knownNamesAreZones() {
        let names = TimeZoneRules.knownNames(directory: Self.dir)
        #expect(names.contains("Europe/Berlin") && names.contains("UTC") && names.contains("America/Argentina/Salta"))
        #expect(!names.contains { $0.hasPrefix("posix/") || $0.hasPrefix("right/") || $0.contains(".") || $0 == "America" })
    }

    /// `$TZ` forms, as glibc reads them.
    @Test(arguments: [
        ([String: String](), "UTC"), (["TZ": ":Europe/Berlin"], "Europe/Berlin"), (["TZ": "Europe/Berlin"], "Europe/Berlin"),
        (["TZ": "EST5EDT,M3.2.0,M11.1.0"], "EST5EDT,M3.2.0,M11.1.0"), (["TZ": ""], "UTC"),
        (["TZ": ":/usr/share/zoneinfo/Asia/Tokyo"], "Asia/Tokyo"), (["TZ": "Not/A_Zone"], "UTC"),
        (["TZ": "Berlin", "TZDIR": "/usr/share/zoneinfo/Europe"], "Berlin"),
    ])
    func systemZone(env: [String: String], expected: String) {
        #expect(TimeZoneRules.system(environment: env, localtime: "/nonexistent").name == expected)
    }

    @Test func localtimeFile() {
        #expect(TimeZoneRules.zoneName(fromPath: "/usr/share/zoneinfo/Europe/Berlin") == "Europe/Berlin")
        #expect(TimeZoneRules.zoneName(fromPath: "../usr/share/zoneinfo/posix/Asia/Tokyo") == "Asia/Tokyo")
        #expect(TimeZoneRules.zoneName(fromPath: "/etc/elsewhere") == nil)
    }

    /// Wall-clock readings → instants: gap → its end, overlap → first occurrence.
    @Test(arguments: [
        ("America/New_York", "2026-03-08T02:30:00", "2026-03-08T03:00:00-04:00"),
        ("America/New_York", "2026-11-01T01:30:00", "2026-11-01T01:30:00-04:00"),
        ("America/New_York", "2026-07-01T12:00:00", "2026-07-01T12:00:00-04:00"),
        ("Australia/Lord_Howe", "2026-10-04T02:10:00", "2026-10-04T02:30:00+11:00"),
        ("Australia/Lord_Howe", "2026-04-05T01:45:00", "2026-04-05T01:45:00+11:00"),
        ("Pacific/Chatham", "2026-09-27T03:00:00", "2026-09-27T03:45:00+13:45"),
        ("America/Sao_Paulo", "2018-11-04T00:00:00", "2018-11-04T01:00:00-02:00"),
        ("America/Sao_Paulo", "2019-02-16T23:15:00", "2019-02-16T23:15:00-02:00"),
        ("Europe/Dublin", "2026-03-29T01:30:00", "2026-03-29T02:00:00+01:00"),
        ("Europe/Dublin", "2026-10-25T01:30:00", "2026-10-25T01:30:00+01:00"),
        ("Pacific/Apia", "2011-12-30T12:00:00", "2011-12-31T00:00:00+14:00"),
        ("America/New_York", "2100-03-14T02:00:00", "2100-03-14T03:00:00-04:00"),
    ])
    func resolve(zone: String, local: String, expected: String) {
        let z = T.zone(zone)
        let l = RFC3339.parse(local + "Z")!.seconds
        #expect(RFC3339.format(z.resolve(LocalTime(seconds: l)), zone: z) == expected)
    }

    @Test func skippedReadings() {
        let z = T.zone("Pacific/Apia")
        #expect(z.isSkipped(LocalTime(year: 2011, month: 12, day: 30, hour: 0)))
        #expect(z.isSkipped(LocalTime(year: 2011, month: 12, day: 30, hour: 23, minute: 59)))
        #expect(!z.isSkipped(LocalTime(year: 2011, month: 12, day: 31, hour: 0)))
        #expect(!z.isSkipped(LocalTime(year: 2011, month: 12, day: 29, hour: 23, minute: 59)))
    }

    @Test func standardOffsets() {
        #expect(T.zone("America/New_York").standardOffset == -18000)
        #expect(T.zone("Europe/Dublin").standardOffset == 0)
        #expect(T.zone("Australia/Lord_Howe").standardOffset == 37800)
        #expect(T.zone("Asia/Kolkata").standardOffset == 19800)
        #expect(T.zone("Pacific/Apia").standardOffset == 46800)
    }

    @Test func malformedFilesAreRefused() {
        #expect(TimeZoneRules.fromTZif(Array("TZif2 not really".utf8), name: "x") == nil)
        #expect(TimeZoneRules.fromTZif([], name: "x") == nil)
        var bytes = TimeZoneRules.readFile(Self.dir + "/Europe/Berlin")!
        bytes.removeLast(bytes.count / 2)
        #expect(TimeZoneRules.fromTZif(bytes, name: "x") == nil)
    }
}
