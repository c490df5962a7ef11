/// One result row, every column as text (the text format of the protocol) or nil for NULL.
public struct PostgresRow: Sendable, Equatable {
    public let columns: [String]
    public let values: [String?]

    public init(columns: [String], values: [String?]) { self.columns = columns; self.values = values }

    /// The value of column `index` (nil for NULL or an index out of range).
    public subscript(index: Int) -> String? { index >= 0 && index < values.count ? values[index] : nil }
    /// The value of the first column named `name`.
    public subscript(name: String) -> String? { columns.firstIndex(of: name).flatMap { values[$0] } }

    public func int(_ index: Int) -> Int64? { self[index].flatMap { Int64($0) } }
    public func int(_ name: String) -> Int64? { self[name].flatMap { Int64($0) } }
    /// PostgreSQL's text form of a boolean is "t" or "f".
    public func bool(_ index: Int) -> Bool? { self[index].flatMap(PostgresText.bool) }
    public func bool(_ name: String) -> Bool? { self[name].flatMap(PostgresText.bool) }
    /// A `timestamptz` (the session runs with TimeZone=UTC, DateStyle=ISO) as Unix epoch nanoseconds.
    public func timestamp(_ index: Int) -> Int64? { self[index].flatMap(PostgresText.epochNanoseconds) }
    public func timestamp(_ name: String) -> Int64? { self[name].flatMap(PostgresText.epochNanoseconds) }
}

/// What one statement returned.
public struct PostgresResult: Sendable, Equatable {
    /// Column names (empty for statements without a result set).
    public var columns: [String]
    public var rows: [PostgresRow]
    /// The command tag: "INSERT 0 1", "SELECT 3", "BEGIN", …
    public var commandTag: String

    /// Rows affected, from the tag's last number ("UPDATE 3" → 3); nil when the tag has none.
    public var affectedRows: Int? {
        guard let last = commandTag.split(separator: " ").last else { return nil }
        return Int(last)
    }
}

/// Conversions between Swift values and PostgreSQL's text format.
public enum PostgresText {
    public static func bool(_ text: String) -> Bool? { text == "t" ? true : text == "f" ? false : nil }

    /// "2026-11-30 23:24:53.123456+00" (ISO, any offset "+HH", "+HH:MM") → Unix epoch nanoseconds.
    public static func epochNanoseconds(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func number(_ at: Int, _ count: Int) -> Int64? {
            guard at + count <= b.count else { return nil }
            var v: Int64 = 0
            for c in b[at..<at + count] {
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard b.count >= 22, let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
              let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2) else { return nil }
        var i = 19, fraction: Int64 = 0, scale: Int64 = 1_000_000_000
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, let digit = number(i, 1) { scale /= 10; fraction += digit * scale; i += 1 }
        }
        guard i + 3 <= b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), let oh = number(i + 1, 2) else { return nil }
        var offset = oh * 3600
        if i + 6 <= b.count, b[i + 3] == UInt8(ascii: ":"), let om = number(i + 4, 2) { offset += om * 60 }
        if b[i] == UInt8(ascii: "-") { offset = -offset }
        let days = daysFromCivil(y, mo, d)
        return ((days * 86400 + h * 3600 + mi * 60 + s) - offset) * 1_000_000_000 + fraction
    }

    /// Unix epoch nanoseconds → "2026-11-30 23:24:53.123456+00" (microseconds, what timestamptz keeps).
    public static func timestamp(epochNanoseconds ns: Int64) -> String {
        let micros = ns >= 0 ? ns / 1000 : (ns - 999) / 1000
        var seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        seconds -= days * 86400
        let (y, m, d) = civilFromDays(days)
        func pad(_ v: Int64, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(fraction, 6))+00"
    }

    // Howard Hinnant's civil-date algorithms (proleptic Gregorian).
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
