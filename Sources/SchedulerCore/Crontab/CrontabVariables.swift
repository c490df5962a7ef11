/// Crontab variable lines as scheduler settings.
extension Conversion {
    /// Settings as `(key, TOML value)` for the variables in `vars` that differ from `except`:
    /// SHELL → shell, CRON_TZ → timezone, MAILTO → mailto, HOME → directory (cron runs jobs there) and env,
    /// RANDOM_DELAY (cronie, minutes) → jitter, everything else → env.
    mutating func settings(_ vars: [(String, String)], line: Int?, except: [(String, String)] = []) -> [(String, String)] {
        let base = Dictionary(except, uniquingKeysWith: { _, b in b })
        var out: [(String, String)] = [], env: [(String, String)] = []
        for (name, value) in vars where base[name] != value {
            switch name {
            case "SHELL":
                if value.hasPrefix("/") { out.append(("shell", TOMLText.string(value))) } else {
                    note("SHELL=\(value) is not an absolute path; not carried over", line)
                }
            case "CRON_TZ":
                if (try? TimeZoneRules.load(named: value)) != nil {
                    out.append(("timezone", TOMLText.string(value)))
                    note("CRON_TZ=\(value): Debian's cron ignores CRON_TZ, so there these jobs ran in the system zone until now; "
                         + "scheduler runs them in \(value) (drop timezone to keep the old times)", line)
                } else {
                    note("CRON_TZ=\(value) is not a known time zone; not carried over", line)
                }
            case "MAILTO":
                // cron mails whatever a job prints, success or not.
                out.append(("mailto", TOMLText.string(value)))
                if !value.isEmpty { out.append(("mail_on", "\"output\"")) }
            case "RANDOM_DELAY":
                if let n = Int(value), n > 0 { out.append(("jitter", TOMLText.string("\(n)m"))) } else {
                    note("RANDOM_DELAY=\(value) is not a number of minutes; not carried over", line)
                }
            case "HOME":
                if value.hasPrefix("/") { out.append(("directory", TOMLText.string(value))) }
                env.append((name, value))
            default:
                if ConfigDecoder.isVariableName(name) { env.append((name, value)) } else {
                    note("variable '\(name)' is not a valid environment variable name; not carried over", line)
                }
            }
        }
        if !env.isEmpty { out.append(("env", TOMLText.inlineTable(env))) }
        return out
    }

    /// Adds a note once (the same variable applies to many jobs).
    mutating func note(_ message: String, _ line: Int?) {
        let text = (line.map { "line \($0): " } ?? "") + message
        if !notes.contains(where: { $0.hasSuffix(message) }) { notes.append(text) }
    }
}
