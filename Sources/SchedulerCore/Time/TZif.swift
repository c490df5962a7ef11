/// Reader for TZif files (RFC 8536): the 64-bit data of version 2+ files (the 32-bit data of
/// version 1 files), and the POSIX TZ footer that governs instants past the table.
enum TZif {
    struct Contents {
        /// Offset before the first transition (local time type 0, as RFC 8536 says).
        var initialOffset: Int
        /// (UTC second, offset from then on), ascending.
        var transitions: [(Int64, Int)]
        /// The footer rule, when present and valid.
        var footer: POSIXTimeZone?
    }

    /// Parses TZif bytes; nil when they are not a well-formed TZif file.
    static func parse(_ b: [UInt8]) -> Contents? {
        guard let v1 = Header(b, at: 0) else { return nil }
        guard v1.version >= 2 else { return v1.read(b, at: 44, timeSize: 4).map { Contents(initialOffset: $0.0, transitions: $0.1, footer: nil) } }
        let second = 44 + v1.blockSize(timeSize: 4)
        guard let v2 = Header(b, at: second), v2.version == v1.version,
              let (initial, table) = v2.read(b, at: second + 44, timeSize: 8) else { return nil }
        var footer: POSIXTimeZone?
        let footerStart = second + 44 + v2.blockSize(timeSize: 8)
        if footerStart < b.count, b[footerStart] == 10, let end = b[(footerStart + 1)...].firstIndex(of: 10) {
            let text = String(decoding: b[(footerStart + 1)..<end], as: UTF8.self)
            footer = text.isEmpty ? nil : POSIXTimeZone.parse(text)
        }
        return Contents(initialOffset: initial, transitions: table, footer: footer)
    }

    /// The fixed-size header: magic, version, six counts, each checked against RFC 8536 §3.1 before any
    /// offset is computed from it.
    private struct Header {
        var version: Int
        var isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int

        init?(_ b: [UInt8], at p: Int) {
            guard p >= 0, p <= b.count - 44, b[p] == 0x54, b[p + 1] == 0x5A, b[p + 2] == 0x69, b[p + 3] == 0x66 else { return nil }
            // Version 0 (1), '2', '3', '4'; later versions are compatible by design, so any digit ≥ '2'.
            switch b[p + 4] {
            case 0: version = 1
            case 50...57: version = Int(b[p + 4]) - 48
            default: return nil
            }
            func count(_ k: Int) -> Int { Int(TZif.uint32(b, p + 20 + 4 * k)) }
            isutcnt = count(0); isstdcnt = count(1); leapcnt = count(2)
            timecnt = count(3); typecnt = count(4); charcnt = count(5)
            guard typecnt >= 1, typecnt <= 256, charcnt >= 1, charcnt < 1 << 16, timecnt < 1 << 20, leapcnt < 1 << 16,
                  isutcnt == 0 || isutcnt == typecnt, isstdcnt == 0 || isstdcnt == typecnt else { return nil }
        }

        func blockSize(timeSize: Int) -> Int {
            timecnt * (timeSize + 1) + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }

        /// Reads the data block at `p`: initial offset and transitions (strictly ascending, as required).
        func read(_ b: [UInt8], at p: Int, timeSize: Int) -> (Int, [(Int64, Int)])? {
            guard p <= b.count, blockSize(timeSize: timeSize) <= b.count - p else { return nil }
            let indices = p + timecnt * timeSize, types = indices + timecnt
            var offsets: [Int] = []
            for k in 0..<typecnt {
                let off = Int(Int32(bitPattern: TZif.uint32(b, types + 6 * k)))
                // utoff within RFC 8536's -89999…93599 (we allow ±26 h), isdst 0 or 1, desigidx inside the abbreviations.
                guard abs(off) < 26 * 3600, b[types + 6 * k + 4] <= 1, Int(b[types + 6 * k + 5]) < charcnt else { return nil }
                offsets.append(off)
            }
            var table: [(Int64, Int)] = []
            table.reserveCapacity(timecnt)
            for k in 0..<timecnt {
                let t = timeSize == 8 ? Int64(bitPattern: TZif.uint64(b, p + 8 * k)) : Int64(Int32(bitPattern: TZif.uint32(b, p + 4 * k)))
                let idx = Int(b[indices + k])
                guard idx < typecnt, table.last.map({ $0.0 < t }) ?? true else { return nil }
                table.append((t, offsets[idx]))
            }
            return (offsets[0], table)
        }
    }

    static func uint32(_ b: [UInt8], _ p: Int) -> UInt32 {
        UInt32(b[p]) << 24 | UInt32(b[p + 1]) << 16 | UInt32(b[p + 2]) << 8 | UInt32(b[p + 3])
    }

    static func uint64(_ b: [UInt8], _ p: Int) -> UInt64 { UInt64(uint32(b, p)) << 32 | UInt64(uint32(b, p + 4)) }
}

extension TimeZoneRules {
    /// The last year for which footer-rule changes are generated (beyond `Instant`'s range).
    static let lastRuleYear: Int64 = 2300

    /// Builds a zone from TZif bytes.
    static func fromTZif(_ bytes: [UInt8], name: String) -> TimeZoneRules? {
        guard let c = TZif.parse(bytes) else { return nil }
        return build(name: name, initialOffset: c.initialOffset, table: c.transitions, footer: c.footer)
    }

    /// Builds a zone from a POSIX TZ string such as `EST5EDT,M3.2.0,M11.1.0`; nil when malformed.
    public static func posix(_ text: String) -> TimeZoneRules? {
        guard let tz = POSIXTimeZone.parse(text) else { return nil }
        return build(name: text, initialOffset: tz.standard, table: [], footer: tz)
    }

    /// Table transitions, then the footer's changes after the table's last one, up to `lastRuleYear`.
    static func build(name: String, initialOffset: Int, table: [(Int64, Int)], footer: POSIXTimeZone?) -> TimeZoneRules {
        // Only transitions an `Instant` can reach count; 64-bit data may hold sentinels far in the past or
        // (in a damaged file) the future, which must not reach the calendar arithmetic below.
        let reachable = -Instant.maxSeconds...Instant.maxSeconds
        let table = table.filter { reachable.contains($0.0) }
        var all = table
        var initial = initialOffset
        if let f = footer {
            let last = table.last?.0
            if f.daylight != nil {
                // Rules from the year of the last transition (not before 1800: nothing earlier is reachable).
                let firstYear = max(last.map { LocalTime(seconds: $0).date.year } ?? 1800, 1800)
                for year in firstYear..<max(firstYear, lastRuleYear + 1) {
                    for c in f.changes(year: year) where last.map({ c.0 > $0 }) ?? true { all.append(c) }
                }
            } else if let last, table.last?.1 != f.standard {
                all.append((last + 1, f.standard))
            }
            if table.isEmpty { initial = f.standard }
        }
        let standard = footer?.winterOffset ?? table.last?.1 ?? initial
        return TimeZoneRules(name: name, initialOffset: initial, changes: all, standardOffset: standard)
    }
}
