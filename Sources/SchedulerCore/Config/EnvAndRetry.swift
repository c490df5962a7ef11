import TOML

/// The two job keys that take a table: `env` and `retry`.
extension ConfigDecoder {
    static let retryKeys = ["attempts", "delay", "factor", "max_delay"]

    /// `env = { NAME = "value", … }`: names must be valid variable names; numbers and booleans become text.
    func env(_ f: Field) -> [(String, String)] {
        guard let t = table(f, hint: "write env = { RAILS_ENV = \"production\" } or a [jobs.NAME.env] table") else { return [] }
        var out: [(String, String)] = []
        for v in t.fields(f.scope.inside("env")) {
            guard Self.isVariableName(v.key) else {
                keyError(v, "'\(v.key)' is not a valid environment variable name",
                         hint: "use letters, digits and '_', not starting with a digit, e.g. '\(Self.variableName(like: v.key))'")
                continue
            }
            switch v.value {
            case .string(let s) where s.utf8.contains(0):
                valueError(v, "\(v.label) contains a NUL character", hint: "processes can't receive it in a variable")
            case .string(let s): out.append((v.key, s))
            case .integer(let n): out.append((v.key, String(n)))
            case .boolean(let b): out.append((v.key, String(b)))
            default: typeError(v, expected: "a string", hint: "write \(v.key) = \"…\"")
            }
        }
        return out
    }

    static func isVariableName(_ s: String) -> Bool {
        guard let first = s.utf8.first, !(48...57).contains(first) else { return false }
        return s.utf8.allSatisfy { $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
    }

    static func variableName(like s: String) -> String {
        var out = String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if out.first?.isNumber ?? true { out = "_" + out }
        return out
    }

    /// `retry = 3` (attempts) or `retry = { attempts = 3, delay = "10s", factor = 2.0, max_delay = "10m" }`.
    func retry(_ f: Field, into s: inout JobSettings) {
        switch f.value {
        case .integer: s.retryAttempts = integer(f, in: 0...1000, what: "a number of attempts")
        case .table(let t): retryTable(t, scope: f.scope.inside("retry"), into: &s)
        default:
            typeError(f, expected: "a number or a table",
                      hint: "write retry = 3, or retry = { attempts = 3, delay = \"10s\", factor = 2.0, max_delay = \"10m\" }")
        }
    }

    private func retryTable(_ t: TOMLTable, scope: Scope, into s: inout JobSettings) {
        var delay: (Duration, Field)?
        var maxDelay: (Duration, Field)?
        for v in t.fields(scope) {
            switch v.key {
            case "attempts": s.retryAttempts = integer(v, in: 0...1000, what: "a number of attempts")
            case "delay":
                s.retryDelay = duration(v)
                delay = s.retryDelay.map { ($0, v) }
            case "max_delay":
                s.retryMaxDelay = duration(v, zeroHint: "to retry at once, set delay = \"0s\" instead")
                maxDelay = s.retryMaxDelay.map { ($0, v) }
            case "factor": s.retryFactor = factor(v)
            default: unknownKey(v, known: Self.retryKeys)
            }
        }
        if let (d, _) = delay, let (m, mf) = maxDelay, m < d {
            valueError(mf, "\(mf.label) (\(DurationSyntax.format(m))) is shorter than 'delay' (\(DurationSyntax.format(d)))",
                       hint: "max_delay caps the growing delay, so it must be at least delay")
        }
    }

    private func factor(_ f: Field) -> Double? {
        let x: Double
        switch f.value {
        case .float(let d): x = d
        case .integer(let n): x = Double(n)
        default:
            typeError(f, expected: "a number", hint: "write factor = 2.0 (each delay is the previous one times this)")
            return nil
        }
        guard x >= 1, x <= 100, x.isFinite else {
            valueError(f, "\(f.label) is \(x); it must be from 1 to 100", hint: "1 keeps the delay constant, 2 doubles it")
            return nil
        }
        return x
    }
}
