/// Whether a crontab's lines carry a user field after the schedule (`/etc/crontab`, `/etc/cron.d/*`) or not
/// (`crontab -l`), and why we think so. Reading one as the other silently turns `root` into part of the command.
public struct CrontabFormat: Sendable, Equatable {
    public var system: Bool
    /// Why, for the "assumed …" line `import` always prints.
    public var reason: String
    /// Set when the guess may be wrong: some lines look like they carry a user field, others don't.
    public var warning: String?

    /// The format of `text` read from `path` ("-" for standard input). `forced` is `--system` (true) or `--user` (false);
    /// `isKnownUser` looks a name up in this host's password database.
    public static func decide(_ text: String, path: String, forced: Bool?, isKnownUser: (String) -> Bool) -> CrontabFormat {
        if let forced { return CrontabFormat(system: forced, reason: forced ? "--system given" : "--user given") }
        if path == "/etc/crontab" { return CrontabFormat(system: true, reason: "the path is /etc/crontab") }
        if path.hasPrefix("/etc/cron.d/") { return CrontabFormat(system: true, reason: "the file is in /etc/cron.d") }
        let sixth = sixthFields(text)
        let users = sixth.filter { $0.user == "root" || isKnownUser($0.user) }
        if !sixth.isEmpty, users.count == sixth.count, sixth.allSatisfy(\.commandFollows) {
            let names = Set(users.map(\.user)).sorted().joined(separator: ", ")
            return CrontabFormat(system: true, reason: "every entry's sixth field is a user on this host (\(names)) followed by a command")
        }
        var format = CrontabFormat(system: false, reason: sixth.isEmpty ? "no entries to tell by"
            : "the sixth field is not a user on this host in every entry")
        if !users.isEmpty {
            let lines = users.prefix(5).map { String($0.line) }.joined(separator: ", ")
            format.warning = "\(users.count) of \(sixth.count) entries (line \(lines)) start their command with a user name "
                + "(\(users[0].user)): if this is a system crontab (/etc/crontab, /etc/cron.d), import it again with --system"
        }
        return format
    }

    /// The sixth field of every job line read in user format, with its line and whether words follow it.
    static func sixthFields(_ text: String) -> [(line: Int, user: String, commandFollows: Bool)] {
        CrontabParser.parse(text, system: false).compactMap { number, kind in
            guard case .job(let entry) = kind else { return nil }
            var rest = Substring(entry.rawCommand)
            guard let first = rest.nextWord() else { return nil }
            return (number, first, rest.nextWord() != nil)
        }
    }

    /// The line `import` prints on standard error.
    public func describe(_ name: String) -> String {
        "\(name): read as a \(system ? "system crontab (a user field after the schedule)" : "user crontab (no user field)")"
            + " because \(reason)"
    }
}
