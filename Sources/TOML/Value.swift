/// A place in the source: 1-based line and column (columns count Unicode scalars).
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
    public var description: String { "\(line):\(column)" }
}

/// A TOML date, time or date-time; which parts are present tells the TOML kind.
public struct TOMLDateTime: Hashable, Sendable {
    public struct Date: Hashable, Sendable { public var year, month, day: Int
        public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day } }
    public struct Time: Hashable, Sendable { public var hour, minute, second, nanosecond: Int
        public init(hour: Int, minute: Int, second: Int, nanosecond: Int) {
            self.hour = hour; self.minute = minute; self.second = second; self.nanosecond = nanosecond } }
    public var date: Date?
    public var time: Time?
    /// Offset from UTC in minutes; nil for local kinds. `Z` is 0.
    public var offsetMinutes: Int?
    public init(date: Date?, time: Time?, offsetMinutes: Int?) {
        self.date = date; self.time = time; self.offsetMinutes = offsetMinutes
    }
}

/// A parsed TOML value.
public enum TOMLValue: Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case dateTime(TOMLDateTime)
    case array(TOMLArray)
    case table(TOMLTable)

    /// The TOML type name used in messages ("string", "integer", "table", ...).
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .dateTime: "date-time"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// An array with the source position of each element.
public struct TOMLArray: Sendable {
    public var elements: [TOMLValue]
    public var positions: [SourcePosition]
    public init(elements: [TOMLValue] = [], positions: [SourcePosition] = []) {
        self.elements = elements; self.positions = positions
    }
    public var count: Int { elements.count }
}
