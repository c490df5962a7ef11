/// Help text rendering from the command table.
enum Help {
    static let version = "0.1.0"

    static func overview(_ commands: [Command]) -> String {
        var s = """
        scheduler \(version): runs the jobs of a scheduler.toml on schedules, like cron but with
        time zones done right, jitter, retries, timeouts, overlap locks and logs.

        Usage: scheduler COMMAND [OPTIONS]

        Commands:

        """
        let width = (commands.map(\.name.count).max() ?? 0) + 2
        for c in commands {
            s += "  " + c.name.padding(width) + c.summary + "\n"
        }
        s += """

        Options:
          --help, -h    show this help (also: scheduler help COMMAND, scheduler COMMAND --help)
          --version     print the version

        Config: --config PATH, else $SCHEDULER_CONFIG, else ~/.config/scheduler/scheduler.toml.
        Exit status: 0 ok, 1 job or runtime failure, 2 usage or config error (run: the job's own status).
        See scheduler(1) and scheduler.toml(5).
        """
        return s
    }

    static func command(_ c: Command) -> String {
        var s = "Usage: scheduler \(c.name) \(c.usage)\n\n\(c.summary)\n"
        if !c.details.isEmpty { s += "\n" + c.details + "\n" }
        if !c.aliases.isEmpty { s += "\nAlias: " + c.aliases.joined(separator: ", ") + "\n" }
        s += "\nOptions:\n"
        let rows = c.allFlags.map { f -> (String, String) in
            var left = "--" + f.long
            if let v = f.value { left += " " + v }
            if let sh = f.short { left = "-\(sh), " + left }
            return (left, f.help)
        }
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        for (l, r) in rows { s += "  " + l.padding(width) + r + "\n" }
        return s
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
