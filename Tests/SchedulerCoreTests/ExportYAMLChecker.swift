/// A strict checker for the YAML our Kubernetes export writes: block maps and lists by indentation,
/// double-quoted strings with escapes, integers and booleans. Anything else is an error.
indirect enum YAMLNode: Equatable, CustomStringConvertible {
    case map([(String, YAMLNode)])
    case list([YAMLNode])
    case string(String)
    case int(Int64)
    case bool(Bool)

    static func == (a: YAMLNode, b: YAMLNode) -> Bool { a.description == b.description }

    var description: String {
        switch self {
        case .map(let m): return "{" + m.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .string(let s): return "\"\(s)\""
        case .int(let n): return String(n)
        case .bool(let b): return String(b)
        }
    }

    /// `a.b.0.c` style lookup.
    subscript(path: String) -> YAMLNode? {
        var node: YAMLNode? = self
        for part in path.split(separator: ".") {
            switch node {
            case .map(let m)?: node = m.first { $0.0 == part }?.1
            case .list(let l)?: node = Int(part).flatMap { $0 < l.count ? l[$0] : nil }
            default: return nil
            }
        }
        return node
    }
}

struct YAMLError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "line \(line): \(message)" }
}

enum YAMLChecker {
    struct Line { var number: Int; var indent: Int; var text: String }

    /// Documents of a stream (split at `---`); comment-only documents are left out.
    static func documents(_ text: String) throws -> [YAMLNode] {
        var docs: [[Line]] = [[]]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let s = String(raw)
            if s == "---" { docs.append([]); continue }
            if s.contains("\t") { throw YAMLError(line: i + 1, message: "tab character") }
            let body = s.drop { $0 == " " }
            if body.isEmpty || body.hasPrefix("#") { continue }
            docs[docs.count - 1].append(Line(number: i + 1, indent: s.count - body.count, text: String(body)))
        }
        return try docs.filter { !$0.isEmpty }.map { lines in
            var i = 0
            let node = try block(lines, &i, indent: 0)
            guard i == lines.count else { throw YAMLError(line: lines[i].number, message: "unexpected indentation") }
            return node
        }
    }

    static func block(_ lines: [Line], _ i: inout Int, indent: Int) throws -> YAMLNode {
        guard i < lines.count, lines[i].indent == indent else { throw YAMLError(line: lines.last?.number ?? 0, message: "empty block") }
        return lines[i].text.hasPrefix("- ") ? try list(lines, &i, indent: indent) : try map(lines, &i, indent: indent)
    }

    static func list(_ lines: [Line], _ i: inout Int, indent: Int) throws -> YAMLNode {
        var items: [YAMLNode] = []
        while i < lines.count, lines[i].indent == indent, lines[i].text.hasPrefix("- ") {
            let rest = String(lines[i].text.dropFirst(2))
            if rest.hasPrefix("\"") { items.append(try scalar(rest, line: lines[i].number)); i += 1; continue }
            var sub = lines
            sub[i] = Line(number: lines[i].number, indent: indent + 2, text: rest)
            items.append(try map(sub, &i, indent: indent + 2))
        }
        return .list(items)
    }

    static func map(_ lines: [Line], _ i: inout Int, indent: Int) throws -> YAMLNode {
        var entries: [(String, YAMLNode)] = []
        while i < lines.count, lines[i].indent == indent, !lines[i].text.hasPrefix("- ") {
            let l = lines[i]
            guard let colon = l.text.firstIndex(of: ":") else { throw YAMLError(line: l.number, message: "no ':' in a map entry") }
            let key = String(l.text[..<colon])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "./-_".contains($0) }) else {
                throw YAMLError(line: l.number, message: "bad key '\(key)'")
            }
            if entries.contains(where: { $0.0 == key }) { throw YAMLError(line: l.number, message: "duplicate key '\(key)'") }
            let rest = l.text[l.text.index(after: colon)...]
            i += 1
            if rest.isEmpty {
                guard i < lines.count, lines[i].indent > indent else { throw YAMLError(line: l.number, message: "'\(key):' has no value") }
                entries.append((key, try block(lines, &i, indent: lines[i].indent)))
            } else {
                guard rest.hasPrefix(" ") else { throw YAMLError(line: l.number, message: "no space after ':'") }
                entries.append((key, try scalar(String(rest.dropFirst()), line: l.number)))
            }
        }
        return .map(entries)
    }

    static func scalar(_ s: String, line: Int) throws -> YAMLNode {
        if s == "true" || s == "false" { return .bool(s == "true") }
        if let n = Int64(s) { return .int(n) }
        guard s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") else { throw YAMLError(line: line, message: "unquoted string '\(s)'") }
        var out = "", chars = Array(s.unicodeScalars.dropFirst().dropLast()), k = 0
        while k < chars.count {
            let c = chars[k]
            k += 1
            if c == "\"" { throw YAMLError(line: line, message: "unescaped quote") }
            guard c == "\\" else { out.unicodeScalars.append(c); continue }
            guard k < chars.count else { throw YAMLError(line: line, message: "dangling backslash") }
            let e = chars[k]
            k += 1
            switch e {
            case "\\": out += "\\"
            case "\"": out += "\""
            case "n": out += "\n"
            case "t": out += "\t"
            case "r": out += "\r"
            case "u":
                guard k + 4 <= chars.count, let v = UInt32(String(String.UnicodeScalarView(chars[k..<k + 4])), radix: 16),
                      let u = Unicode.Scalar(v) else { throw YAMLError(line: line, message: "bad \\u escape") }
                out.unicodeScalars.append(u); k += 4
            default: throw YAMLError(line: line, message: "unknown escape \\\(e)")
            }
        }
        return .string(out)
    }
}
