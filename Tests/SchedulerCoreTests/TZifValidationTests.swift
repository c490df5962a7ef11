#if canImport(Glibc)
import Glibc
#endif
import SystemCalls
import Testing
@testable import SchedulerCore

/// Issue 12 finding 4: a damaged zone file (via `TZDIR` or `TZ=:/path`) is refused, never a trap or a hang.
@Suite struct TZifValidationTests {
    /// A version-2 TZif file: an empty v1 block (counts as given) and a v2 block with `times` (each switching
    /// between two types), `types` as (utoff, isdst, desigidx), then the footer.
    static func file(times: [Int64], types: [(Int32, UInt8, UInt8)] = [(3600, 0, 0), (7200, 1, 4)],
                     chars: String = "CET\0CEST\0", footer: String = "CET-1CEST,M3.5.0,M10.5.0/3",
                     v1Counts: [UInt32]? = nil, version: UInt8 = 50, isutcnt: UInt32 = 0) -> [UInt8] {
        func u32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func header(_ counts: [UInt32]) -> [UInt8] { Array("TZif".utf8) + [version] + Array(repeating: 0, count: 15) + counts.flatMap(u32) }
        let counts: [UInt32] = [isutcnt, 0, 0, UInt32(times.count), UInt32(types.count), UInt32(chars.utf8.count)]
        var b = header(v1Counts ?? [0, 0, 0, 0, 1, 1]) + (v1Counts == nil ? [0, 0, 0, 0, 0, 0, 0] : [])
        b += header(counts)
        for t in times { b += u32(UInt32(truncatingIfNeeded: t >> 32)) + u32(UInt32(truncatingIfNeeded: t)) }
        b += times.indices.map { UInt8($0 % 2 == 0 ? 1 : 0) % UInt8(types.count) }
        for (off, dst, idx) in types { b += u32(UInt32(bitPattern: off)) + [dst, idx] }
        b += Array(chars.utf8) + Array(repeating: 1, count: Int(isutcnt))
        return b + [10] + Array(footer.utf8) + [10]
    }

    @Test func aWellFormedFileReads() {
        let z = TimeZoneRules.fromTZif(Self.file(times: [1_000_000, 2_000_000]), name: "x")
        #expect(z?.offset(atUTC: 1_500_000) == 7200)
        #expect(z?.offset(atUTC: 2_000_000_000) != nil)
    }

    /// Before: "Range requires lowerBound <= upperBound" (last transition past 2300 with a DST footer).
    @Test(arguments: [Int64(1) << 40, Int64.max, Int64.max / 1_000_000_000 + 1, 10_000_000_000_000])
    func aLastTransitionFarInTheFutureDoesNotTrap(_ t: Int64) {
        let z = TimeZoneRules.fromTZif(Self.file(times: [0, t]), name: "x")
        #expect(z?.offset(atUTC: 1_000) == 7200)
    }

    @Test(arguments: [Int64.min, -(Int64(1) << 40) + 1, -(Int64(1) << 50)])
    func aLastTransitionFarInThePastDoesNotHang(_ t: Int64) {
        #expect(TimeZoneRules.fromTZif(Self.file(times: [t]), name: "x") != nil)
    }

    @Test func badCountsAndIndicesAreRefused() {
        #expect(TimeZoneRules.fromTZif(Self.file(times: [5, 1]), name: "x") == nil)  // not ascending
        #expect(TimeZoneRules.fromTZif(Self.file(times: [1], types: [(3600, 2, 0)]), name: "x") == nil)  // isdst 2
        #expect(TimeZoneRules.fromTZif(Self.file(times: [1], types: [(3600, 0, 200)]), name: "x") == nil)  // desigidx
        #expect(TimeZoneRules.fromTZif(Self.file(times: [1], types: [(Int32.min, 0, 0)]), name: "x") == nil)
        #expect(TimeZoneRules.fromTZif(Self.file(times: [1], isutcnt: 1), name: "x") == nil)  // isutcnt ∉ {0, typecnt}
        #expect(TimeZoneRules.fromTZif(Self.file(times: [1], version: 65), name: "x") == nil)
        #expect(TimeZoneRules.fromTZif(Self.file(times: [1], v1Counts: [0, 0, 0, 0xFFFF_FFFF, 1, 1]), name: "x") == nil)
        #expect(TimeZoneRules.fromTZif(Self.file(times: [1], v1Counts: [0, 0, 0, 0, 0, 1]), name: "x") == nil)
        let good = Self.file(times: [1, 2])
        for cut in stride(from: 0, to: good.count - 1, by: 7) { _ = TimeZoneRules.fromTZif(Array(good[..<cut]), name: "x") }
    }

    /// Before: `TZ=:/dev/zero` read forever; a FIFO blocked in open.
    @Test func aZoneFileThatIsNotARegularFileIsIgnoredAtOnce() throws {
        #expect(TimeZoneRules.system(environment: ["TZ": ":/dev/zero"]) === TimeZoneRules.utc)
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "tzif-fifo")
        defer { try? FileSystem.removeTree(dir) }
        #expect(mkfifo(dir + "/zone", 0o600) == 0)
        #expect(TimeZoneRules.system(environment: ["TZ": ":" + dir + "/zone"]) === TimeZoneRules.utc)
        #expect(TimeZoneRules.system(environment: ["TZ": "zone", "TZDIR": dir]) === TimeZoneRules.utc)  // a FIFO in TZDIR
    }

    /// Found by the tzif fuzz target: DST starting at the instant it ends gave two changes at one instant.
    @Test(arguments: ["hoH0ohZ2,2,2/0", "AAA0BBB-2,J1/0,J1/2"])
    func changesAtOneInstantKeepTheTableAscending(_ tz: String) throws {
        let z = try #require(TimeZoneRules.posix(tz))
        #expect(zip(z.changes, z.changes.dropFirst()).allSatisfy { $0 < $1 })
    }
}
