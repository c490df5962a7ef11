/// Job names derived from commands: short, valid in `[jobs.NAME]`, unique in one file.
public struct JobNamer {
    private var used: Set<String> = []
    public init() {}

    /// Words that say nothing about what a job does; the name comes from what follows them.
    static let noise: Set<String> = ["cd", "env", "nice", "ionice", "sudo", "exec", "timeout", "flock", "test", "[", "-x",
                                     "-e", "-f", "-d", "&&", "||", "bundle", "sh", "bash", "/bin/sh", "/bin/bash", "-c",
                                     "nohup", "chronic", "setlock", "run-one", "{", "(", ";", "then", "if", "true", "xargs"]
    /// Programs whose first argument names the job better than they do (`rake db:backup`, `run-parts /etc/cron.daily`).
    static let runners: Set<String> = ["rake", "rails", "run-parts", "php", "python", "python3", "ruby", "node", "perl",
                                       "make", "npm", "yarn", "systemctl", "docker", "curl", "wget", "artisan", "manage.py"]

    /// A name from `command`, made unique with `-2`, `-3`, … .
    public mutating func name(for command: String) -> String {
        let base = Self.base(command)
        var name = base, n = 2
        while used.contains(name) { name = "\(base.prefix(40))-\(n)"; n += 1 }
        used.insert(name)
        return name
    }

    /// `name` itself (the name export wrote) when it is a valid job name not used yet, else one made unique.
    public mutating func take(_ name: String) -> String {
        let valid = !name.isEmpty && name.count <= ConfigDecoder.maxNameLength
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
        guard valid else { return self.name(for: name) }
        var unique = name, n = 2
        while used.contains(unique) { unique = "\(name.prefix(40))-\(n)"; n += 1 }
        used.insert(unique)
        return unique
    }

    /// Program (plus the argument that names the task, for runners), sanitized.
    static func base(_ command: String) -> String {
        var parts: [String] = [], skip = 0, inTest = false, inFlock = false
        for raw in command.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let w = String(raw).trimmingSet("'\"();{}")
            if inTest { inTest = w != "||" && w != "&&"; continue }
            if skip > 0 { skip -= 1; continue }
            if !parts.isEmpty {
                if w == "-e" || w == "--environment" { skip = 1; continue }  // rails runner -e production
                if w.hasPrefix("-") || w.isEmpty || ["exec", "runner", "run"].contains(w) { continue }
                parts.append(baseName(w)); break
            }
            switch w {
            case "test", "[": inTest = true; continue
            case "cd", "timeout": skip = 1; continue
            case "flock": inFlock = true; continue
            default: break
            }
            if noise.contains(w) || w.contains("=") || w.hasPrefix("-") || w.isEmpty { continue }
            if inFlock { inFlock = false; continue }  // the lock file
            parts.append(baseName(w))
            if !runners.contains(baseName(w)) { break }
        }
        let name = sanitize(parts.joined(separator: "-"))
        return name.isEmpty ? "job" : name
    }

    static func baseName(_ w: String) -> String {
        var s = Substring(w)
        while s.hasSuffix("/") { s = s.dropLast() }
        if let slash = s.lastIndex(of: "/") { s = s[s.index(after: slash)...] }
        for ext in [".sh", ".py", ".rb", ".pl", ".php"] where s.hasSuffix(ext) && s.count > ext.count { s = s.dropLast(ext.count) }
        return String(s)
    }

    /// Lowercase letters, digits and single `-`; at most 40 characters.
    static func sanitize(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber || c == "_" { out.append(c) } else if out.last != "-", !out.isEmpty { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(40)).trimmingSet("-")
    }
}

/// `flock -n LOCK` and `timeout DURATION` in front of a simple command become `overlap` and `timeout`.
public struct CommandWrappers: Sendable, Equatable {
    public var command: String
    /// The `flock -n` lock file, when one was removed (the daemon's own lock replaces it).
    public var lockFile: String?
    /// `timeout`'s duration in scheduler syntax, e.g. "1h", "90s".
    public var timeout: String?

    /// Peels the wrappers off; returns nil when there are none or the rest is not one simple command
    /// (there `&&`, `;` or `|` would bind differently without the wrapper).
    public static func unwrap(_ command: String) -> CommandWrappers? {
        var out = CommandWrappers(command: command)
        var rest = Substring(command)
        for _ in 0..<2 {
            var probe = rest
            guard let w = probe.nextWord() else { break }
            if w == "flock", out.lockFile == nil, let lock = flockLock(&probe) { out.lockFile = lock; rest = probe }
            else if w == "timeout", out.timeout == nil, let d = probe.nextWord(), let t = duration(d) { out.timeout = t; rest = probe }
            else { break }
        }
        let remaining = String(rest.drop { $0 == " " || $0 == "\t" })
        guard out.lockFile != nil || out.timeout != nil, !remaining.isEmpty, isSimple(remaining) else { return nil }
        out.command = remaining
        return out
    }

    /// Options then the lock path; only the non-blocking form (`-n`, `-xn`, `--nonblock`).
    private static func flockLock(_ s: inout Substring) -> String? {
        var nonblocking = false
        while let w = s.nextWord() {
            switch w {
            case "-n", "--nonblock", "-xn", "-nx": nonblocking = true
            case "-x", "-e", "--exclusive": continue
            default:
                guard nonblocking, !w.hasPrefix("-"), w.allSatisfy({ !"'\"$`\\;&|".contains($0) }) else { return nil }
                var probe = s
                if probe.nextWord() == "-c" { return nil }
                return w
            }
        }
        return nil
    }

    /// GNU timeout's DURATION (integer with s/m/h/d suffix) in scheduler syntax.
    static func duration(_ d: String) -> String? {
        var digits = d, unit = "s"
        if let last = d.last, "smhd".contains(last) { digits = String(d.dropLast()); unit = String(last) }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let n = Int(digits), n > 0 else { return nil }
        return "\(n)\(unit)"
    }

    private static func isSimple(_ s: String) -> Bool {
        let t = s.replacingAll(">&", with: "")
        return !t.contains(where: { ";|&`(){}\n".contains($0) }) && !t.contains("$(")
    }
}

extension String {
    func trimmingSet(_ set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
