import TOML

/// Typed readers: each returns the value, or reports why it is wrong (type or range) and returns nil.
extension ConfigDecoder {
    func typeError(_ f: Field, expected: String, hint: String?) {
        valueError(f, "\(f.label) must be \(expected), not \(article(f.value.typeName))", hint: hint)
    }

    // Hints are autoclosures: they are built only for an error, not for each of 10,000 jobs.
    func string(_ f: Field, hint: @autoclosure () -> String? = nil) -> String? {
        guard case .string(let s) = f.value else {
            typeError(f, expected: "a string", hint: hint() ?? "put the value in double quotes: \(f.key) = \"…\"")
            return nil
        }
        return s
    }

    /// A string that is not blank and has no NUL (which can't be passed to a process).
    func text(_ f: Field, what: @autoclosure () -> String, hint: @autoclosure () -> String? = nil) -> String? {
        guard let s = string(f, hint: hint()) else { return nil }
        // Bytes, not Characters: grapheme breaking would be the slowest part of checking 10,000 jobs.
        var blank = true, nul = false
        for b in s.utf8 {
            if b != 32 && b != 9 && b != 10 && b != 13 { blank = false }
            if b == 0 { nul = true }
        }
        if blank {
            valueError(f, "\(f.label) is empty", hint: "write the \(what())")
            return nil
        }
        if nul {
            valueError(f, "\(f.label) contains a NUL character", hint: "remove the \\u0000; processes can't receive it")
            return nil
        }
        return s
    }

    func bool(_ f: Field) -> Bool? {
        guard case .boolean(let b) = f.value else {
            typeError(f, expected: "true or false", hint: "write \(f.key) = true or \(f.key) = false, without quotes")
            return nil
        }
        return b
    }

    func integer(_ f: Field, in range: ClosedRange<Int64>, what: String, example: Int64 = 3) -> Int? {
        guard case .integer(let n) = f.value else {
            typeError(f, expected: what, hint: "write a whole number without quotes, e.g. \(f.key) = \(example)")
            return nil
        }
        guard range.contains(n) else {
            valueError(f, "\(f.label) is \(n); it must be from \(range.lowerBound) to \(range.upperBound)", hint: nil)
            return nil
        }
        return Int(n)
    }

    /// One of a fixed set of words, with did-you-mean.
    func choice(_ f: Field, _ options: [String]) -> String? {
        guard let s = string(f, hint: "write one of: " + options.map { "\"\($0)\"" }.joined(separator: ", ")) else { return nil }
        guard options.contains(s) else {
            let hint = Suggest.closest(to: s, in: options).map { "did you mean '\($0)'?" }
            valueError(f, "\(f.label) is '\(s)'; it must be one of " + options.joined(separator: ", "), hint: hint)
            return nil
        }
        return s
    }

    /// A duration: a string like "1h30m" or an integer number of seconds.
    /// `zeroHint` non-nil means zero makes no sense here and is reported with that hint.
    func duration(_ f: Field, zeroHint: String? = nil) -> Duration? {
        let d: Duration
        switch f.value {
        case .integer(let n):
            guard n >= 0 else {
                valueError(f, "\(f.label) can't be negative", hint: "write a positive number of seconds, or a duration like \"90s\"")
                return nil
            }
            d = .seconds(n)
        case .string(let s):
            do throws(DurationSyntaxError) { d = try DurationSyntax.parse(s) } catch {
                valueError(f, "\(f.label): \(error.message)", hint: DurationHint.suggestion(for: s).map { "write \"\($0)\"" } ?? error.hint)
                return nil
            }
        case .float(let x):
            let better = x > 0 && x < 1e9 ? DurationSyntax.format(.nanoseconds(Int64((x * 1e9).rounded()))) : "90s"
            typeError(f, expected: "a duration", hint: "write a string with a unit, e.g. \(f.key) = \"\(better)\"")
            return nil
        default:
            typeError(f, expected: "a duration", hint: "write a string with a unit, e.g. \(f.key) = \"90s\", or a number of seconds")
            return nil
        }
        if d == .zero, let zeroHint {
            valueError(f, "\(f.label) can't be zero", hint: zeroHint)
            return nil
        }
        let limit = DurationLimits.maximum(for: f.key)
        guard d <= limit else {
            valueError(f, "\(f.label) is longer than \(DurationSyntax.format(limit)), the most it can be", hint: DurationLimits.hint(for: f.key))
            return nil
        }
        return d
    }

    /// A byte size: an integer number of bytes or "512KB", "10MB", "1GB" (1024-based; "KiB" forms too).
    func size(_ f: Field) -> Int? {
        let hint = "write a size such as \"512KB\", \"10MB\" or \"1GB\", or a number of bytes"
        switch f.value {
        case .integer(let n) where n > 0: return Int(n)
        case .string(let s):
            guard let n = SizeSyntax.parse(s) else {
                valueError(f, "\(f.label): '\(s)' is not a size", hint: hint)
                return nil
            }
            guard n > 0 else { valueError(f, "\(f.label) can't be zero", hint: hint); return nil }
            return n
        case .integer: valueError(f, "\(f.label) must be more than zero", hint: hint); return nil
        default: typeError(f, expected: "a size", hint: hint); return nil
        }
    }

    func table(_ f: Field, hint: @autoclosure () -> String) -> TOMLTable? {
        guard case .table(let t) = f.value else { typeError(f, expected: "a table", hint: hint()); return nil }
        return t
    }

    private func article(_ word: String) -> String {
        (word.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + word
    }
}

/// Byte sizes for `log_max_size`.
enum SizeSyntax {
    static func parse(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let n = Int(digits) else { return nil }
        let unit = text.dropFirst(digits.count).drop { $0 == " " }.uppercased()
        let scale: Int
        switch unit {
        case "", "B": scale = 1
        case "K", "KB", "KIB": scale = 1 << 10
        case "M", "MB", "MIB": scale = 1 << 20
        case "G", "GB", "GIB": scale = 1 << 30
        default: return nil
        }
        let (r, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : r
    }
}

/// Suggestions for durations people write in words: "10 minutes" → "10m", "1.5h" → "1h30m".
enum DurationHint {
    private static let words: [(Set<String>, Double)] = [
        (["ms", "msec", "msecs", "millisecond", "milliseconds"], 1e-3),
        (["s", "sec", "secs", "second", "seconds"], 1), (["m", "min", "mins", "minute", "minutes"], 60),
        (["h", "hr", "hrs", "hour", "hours"], 3600), (["d", "day", "days"], 86400), (["w", "wk", "week", "weeks"], 604_800),
    ]

    /// The same duration in our syntax, when `text` is numbers with unit words; nil otherwise.
    static func suggestion(for text: String) -> String? {
        var total = 0.0, rest = Substring(text.lowercased()), parts = 0
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            if rest.hasPrefix("and ") { rest = rest.dropFirst(4) }
            if rest.isEmpty { break }
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count).drop { $0 == " " }
            let word = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(word.count)
            guard let n = Double(number), n >= 0, let scale = words.first(where: { $0.0.contains(String(word)) })?.1 else { return nil }
            total += n * scale; parts += 1
        }
        guard parts > 0, total > 0, total < 1e9 else { return nil }
        let result = DurationSyntax.format(.nanoseconds(Int64((total * 1e9).rounded())))
        return result == text ? nil : result
    }
}
