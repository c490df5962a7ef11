import SystemCalls

/// Finding zones: named TZif files under `$TZDIR` or /usr/share/zoneinfo, `$TZ`, /etc/localtime.
extension TimeZoneRules {
    static let defaultDirectory = "/usr/share/zoneinfo"

    /// The zoneinfo directory: `$TZDIR` when set and not empty, else /usr/share/zoneinfo.
    public static func zoneinfoDirectory(environment: [String: String] = CurrentProcess.environment()) -> String {
        if let d = environment["TZDIR"], !d.isEmpty { return d }
        return defaultDirectory
    }

    /// Loads a named zone from `$TZDIR` or /usr/share/zoneinfo.
    public static func load(named name: String) throws(TimeZoneError) -> TimeZoneRules {
        try load(named: name, directory: zoneinfoDirectory())
    }

    /// Loads a named zone from `directory`. "UTC" works even without zoneinfo files.
    public static func load(named name: String, directory: String) throws(TimeZoneError) -> TimeZoneRules {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
              name.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw TimeZoneError(message: "'\(name)' is not a time zone name", hint: "use an IANA name such as \"Europe/Berlin\" or \"UTC\"")
        }
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        if let bytes = readFile(path) {
            guard let zone = fromTZif(bytes, name: name) else {
                throw TimeZoneError(message: "'\(path)' is not a valid TZif file", hint: "reinstall tzdata, or check $TZDIR")
            }
            return zone
        }
        if name == "UTC" || name == "Etc/UTC" { return .utc }
        throw unknown(name, directory: directory)
    }

    private static func unknown(_ name: String, directory: String) -> TimeZoneError {
        if let hint = ZoneHints.hint(for: name) { return TimeZoneError(message: "unknown time zone '\(name)'", hint: hint) }
        let all = knownNames(directory: directory)
        guard !all.isEmpty else {
            return TimeZoneError(message: "unknown time zone '\(name)'",
                                 hint: "no zone files in \(directory): install tzdata, or set TZDIR")
        }
        let names = all.filter(ZoneHints.suggestable)
        let city = name.split(separator: "/").last.map { String($0).lowercased() } ?? ""
        let byCity = names.first { $0.split(separator: "/").last.map { String($0).lowercased() } == city }
        let guess = Suggest.closest(to: name, in: names) ?? byCity
        return TimeZoneError(message: "unknown time zone '\(name)'",
                             hint: guess.map { "did you mean '\($0)'?" } ?? "use an IANA name such as \"Europe/Berlin\" or \"UTC\"")
    }

    /// The system zone: `$TZ`, else /etc/localtime, else UTC.
    public static func system() -> TimeZoneRules { system(environment: CurrentProcess.environment()) }

    /// The system zone for an environment. `$TZ` may be `:Europe/Berlin`, `Europe/Berlin`, a path
    /// (`:/etc/localtime`) or a POSIX rule (`EST5EDT,M3.2.0,M11.1.0`); an empty `$TZ` means UTC, as in glibc.
    public static func system(environment: [String: String], localtime: String = "/etc/localtime") -> TimeZoneRules {
        if let tz = environment["TZ"] {
            return fromTZVariable(tz, directory: zoneinfoDirectory(environment: environment)) ?? .utc
        }
        guard let bytes = readFile(localtime) else { return .utc }
        return fromTZif(bytes, name: localtimeName(localtime) ?? "localtime") ?? .utc
    }

    /// Interprets a `$TZ` value like glibc: a file (named or by path) first, then a POSIX rule.
    static func fromTZVariable(_ value: String, directory: String) -> TimeZoneRules? {
        let v = value.hasPrefix(":") ? String(value.dropFirst()) : value
        if v.isEmpty || v == "UTC" { return .utc }
        if v.hasPrefix("/") {
            return readFile(v).flatMap { fromTZif($0, name: zoneName(fromPath: v) ?? v) }
        }
        if let zone = try? load(named: v, directory: directory) { return zone }
        return posix(v)
    }

    /// "Europe/Berlin" for /etc/localtime → /usr/share/zoneinfo/Europe/Berlin.
    static func localtimeName(_ path: String) -> String? {
        guard let target = try? SystemCalls.FileSystem.readLink(path) else { return nil }
        return zoneName(fromPath: target)
    }

    static func zoneName(fromPath path: String) -> String? {
        let parts = path.split(separator: "/")
        guard let i = parts.lastIndex(of: "zoneinfo"), i + 1 < parts.count else { return nil }
        var rest = parts[(i + 1)...]
        if rest.first == "posix" { rest = rest.dropFirst() }
        return rest.isEmpty ? nil : rest.joined(separator: "/")
    }

    /// Every zone name available, for did-you-mean hints.
    public static func knownNames() -> [String] { knownNames(directory: zoneinfoDirectory()) }

    /// Zone names under `directory`, sorted; skips the posix/ and right/ copies and non-zone files.
    public static func knownNames(directory: String) -> [String] {
        let all = subpaths(of: directory)
        let skip: Set<String> = ["posixrules", "localtime", "leapseconds", "Factory", "SECURITY"]
        var names: [String] = []
        for p in all {
            guard let first = p.unicodeScalars.first, first.properties.isUppercase, !p.contains("."),
                  !p.hasPrefix("posix/"), !p.hasPrefix("right/"), !skip.contains(p) else { continue }
            if (try? SystemCalls.FileSystem.stat(directory + "/" + p))?.isRegularFile == true { names.append(p) }
        }
        return names.sorted()
    }

    /// Relative paths of everything below `directory` (depth-limited; symbolic links to dirs not followed).
    private static func subpaths(of directory: String, prefix: String = "", depth: Int = 0) -> [String] {
        guard depth < 4, let names = try? SystemCalls.FileSystem.listDirectory(directory) else { return [] }
        var out: [String] = []
        for name in names {
            let rel = prefix + name
            out.append(rel)
            if (try? SystemCalls.FileSystem.lstat(directory + "/" + name))?.isDirectory == true {
                out += subpaths(of: directory + "/" + name, prefix: rel + "/", depth: depth + 1)
            }
        }
        return out
    }

    /// The largest TZif file read (the biggest in tzdata is under 4 KiB; a "fat" one under 64 KiB).
    static let maxTZifBytes = 1 << 20

    /// A zone file's bytes; nil unless it is a regular file of at most 1 MiB (`TZ=:/dev/zero` or a FIFO
    /// must not hang us).
    static func readFile(_ path: String) -> [UInt8]? {
        try? SystemCalls.FileSystem.readRegularFile(path, maxBytes: maxTZifBytes)
    }
}
