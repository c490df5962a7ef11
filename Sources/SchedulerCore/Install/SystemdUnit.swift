/// The per-user systemd unit that runs `scheduler daemon`: pure text generation, no I/O.
///
/// Two flavours share one template so they can't drift apart: the unit `scheduler install` writes to
/// `~/.config/systemd/user/` (absolute binary and config paths) and the one the Debian package ships in
/// `/usr/lib/systemd/user/` (`/usr/bin/scheduler`, config at `%h/.config/scheduler/scheduler.toml`).
public struct SystemdUnit: Sendable, Equatable {
    /// Where the daemon reads its config.
    public enum ConfigLocation: Sendable, Equatable {
        /// An absolute path, escaped for the unit file.
        case path(String)
        /// `%h/.config/scheduler/scheduler.toml`, expanded by systemd for whoever runs the unit.
        case userDefault
    }

    public static let fileName = "scheduler.service"
    /// Stop timeout: above the daemon's default `shutdown_grace` (30 s), so its own graceful stop finishes.
    public static let defaultStopTimeoutSeconds = 45
    /// The daemon pings `WATCHDOG=1` at half this interval when `WATCHDOG_USEC` is set.
    public static let defaultWatchdogSeconds = 60

    public var binary: String
    public var config: ConfigLocation
    public var stopTimeoutSeconds: Int
    public var watchdogSeconds: Int
    /// Who wrote the unit, for its header comment.
    public var origin: String

    public init(binary: String, config: ConfigLocation, stopTimeoutSeconds: Int = SystemdUnit.defaultStopTimeoutSeconds,
                watchdogSeconds: Int = SystemdUnit.defaultWatchdogSeconds,
                origin: String = "written by `scheduler install`; `scheduler uninstall` removes it") {
        self.binary = binary; self.config = config
        self.stopTimeoutSeconds = stopTimeoutSeconds; self.watchdogSeconds = watchdogSeconds; self.origin = origin
    }

    /// The unit the Debian package installs in /usr/lib/systemd/user.
    public static let packaged = SystemdUnit(
        binary: "/usr/bin/scheduler", config: .userDefault,
        origin: "shipped by the scheduler package; `systemctl --user enable --now scheduler` starts it.\n"
            + "# `scheduler install` writes ~/.config/systemd/user/scheduler.service, which takes precedence")

    /// The `ExecStart=` command line, quoted and escaped for systemd.
    public var execStart: String {
        let configArg: String
        switch config {
        case .path(let p): configArg = SystemdUnit.quote(p)
        case .userDefault: configArg = "%h/.config/scheduler/scheduler.toml"
        }
        return "\(SystemdUnit.quote(binary)) daemon --config \(configArg)"
    }

    /// The whole unit file. Comments explain each non-obvious choice for whoever reads it later.
    public var text: String {
        var lines = [
            "# scheduler.service: the per-user scheduler daemon, see scheduler(1).",
            "# \(origin).",
            "[Unit]",
            "Description=scheduler: runs the jobs of scheduler.toml",
            "Documentation=man:scheduler(1) man:scheduler.toml(5)",
        ]
        if config == .userDefault {
            lines += [
                "# No config, nothing to run: the unit stays inactive instead of failing in a loop.",
                "ConditionPathExists=%h/.config/scheduler/scheduler.toml",
            ]
        }
        lines += serviceSection + [
            "",
            "[Install]",
            "WantedBy=default.target",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private var serviceSection: [String] {
        [
            "",
            "[Service]",
            "# The daemon sends READY=1 once the config is loaded, so `enable --now` reports a bad config.",
            "Type=notify",
            "NotifyAccess=main",
            "ExecStart=\(execStart)",
            "# SIGHUP re-reads the config; running jobs carry on. (sh's own kill: /bin/kill may be missing.)",
            "ExecReload=/bin/sh -c 'kill -HUP $$MAINPID'",
            "Restart=on-failure",
            "RestartSec=5s",
            "# Exit status 2 is a config error: restarting can't fix it, `scheduler check` shows why.",
            "RestartPreventExitStatus=2",
            "# The daemon pings WATCHDOG=1 while its loop runs; a hung daemon gets restarted.",
            "WatchdogSec=\(watchdogSeconds)s",
            "# mixed: SIGTERM goes to the daemon alone, which stops its jobs within shutdown_grace",
            "# (default 30s); what is still left when TimeoutStopSec runs out gets SIGKILL.",
            "# Keep TimeoutStopSec above shutdown_grace if you raise it.",
            "KillMode=mixed",
            "TimeoutStopSec=\(stopTimeoutSeconds)s",
            "# Hardening that leaves jobs alone. No ProtectHome= or ProtectSystem=strict: jobs write to",
            "# app directories, caches and sockets anywhere the user may. NoNewPrivileges= stops setuid",
            "# programs (sudo, su) from gaining rights inside jobs; the others refuse things jobs never need.",
            "NoNewPrivileges=yes",
            "RestrictSUIDSGID=yes",
            "RestrictRealtime=yes",
            "LockPersonality=yes",
        ]
    }

    /// Escapes one `ExecStart=` word: `%` → `%%` (specifiers), `$` → `$$` (variables); wraps it in
    /// double quotes (with `\\` and `"` escaped) only when it has blanks, quotes or backslashes.
    public static func quote(_ word: String) -> String {
        var out = "", needsQuotes = word.isEmpty
        for ch in word {
            switch ch {
            case "\\": out += "\\\\"; needsQuotes = true
            case "\"": out += "\\\""; needsQuotes = true
            case "'": out.append(ch); needsQuotes = true
            case "%": out += "%%"
            case "$": out += "$$"
            case "\n": out += "\\n"; needsQuotes = true
            case "\t": out += "\\t"; needsQuotes = true
            case " ", ";": out.append(ch); needsQuotes = true
            default: out.append(ch)
            }
        }
        return needsQuotes ? "\"" + out + "\"" : out
    }
}
