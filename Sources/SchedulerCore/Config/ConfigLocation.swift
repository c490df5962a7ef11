/// Where `scheduler.toml` is: `--config PATH`, else `$SCHEDULER_CONFIG`, else
/// `$XDG_CONFIG_HOME/scheduler/scheduler.toml`, else `~/.config/scheduler/scheduler.toml`.
public enum ConfigLocation {
    /// The config path for a `--config` flag value (nil when not given) and an environment.
    /// Empty variables count as unset; a relative `$XDG_CONFIG_HOME` is ignored, as the XDG spec says.
    public static func resolve(flag: String?, environment: [String: String]) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let path = environment["SCHEDULER_CONFIG"], !path.isEmpty { return path }
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            return join(xdg, "scheduler/scheduler.toml")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "~"
        return join(home, ".config/scheduler/scheduler.toml")
    }

    /// `~` or `~/rest` with the home directory put in; other paths unchanged; nil when `~` can't be expanded.
    public static func expandTilde(_ path: String, home: String?) -> String? {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        guard let home, !home.isEmpty else { return nil }
        return path == "~" ? home : join(home, String(path.dropFirst(2)))
    }

    /// The directory part of a path ("." for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func join(_ dir: String, _ rest: String) -> String {
        dir.hasSuffix("/") ? dir + rest : dir + "/" + rest
    }
}
