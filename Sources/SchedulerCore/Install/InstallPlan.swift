/// The decisions `scheduler install` and `uninstall` make, as pure functions of what they found.
public enum InstallPlan {
    /// What happens to the service file.
    public enum UnitChange: String, Sendable, Equatable {
        /// No file yet: write it, reload, enable and start.
        case installed
        /// A different file: rewrite it, reload and restart so the new settings apply.
        case updated
        /// Same text: nothing to write; make sure it is enabled and running.
        case unchanged
    }

    /// Compares the file on disk (nil: none) with the text we would write.
    public static func decide(existing: String?, wanted: String) -> UnitChange {
        guard let existing else { return .installed }
        return existing == wanted ? .unchanged : .updated
    }

    /// The `systemctl --user …` invocations for a change, in order.
    public static func systemctlSteps(for change: UnitChange, unit: String = SystemdUnit.fileName) -> [[String]] {
        switch change {
        case .installed: return [["daemon-reload"], ["enable", "--now", unit]]
        case .updated: return [["daemon-reload"], ["enable", unit], ["restart", unit]]
        case .unchanged: return [["enable", "--now", unit]]
        }
    }

    /// The `systemctl --user …` invocations that undo an install; failures of these are not fatal.
    public static let uninstallSteps: [[String]] = [
        ["disable", "--now", SystemdUnit.fileName],
    ]

    /// One line saying what happened to the unit file.
    public static func message(for change: UnitChange, path: String) -> String {
        switch change {
        case .installed: return "installed \(path)"
        case .updated: return "updated \(path) (it had changed; the service is restarted)"
        case .unchanged: return "unchanged \(path)"
        }
    }

    /// Reads `loginctl show-user USER -p Linger` output: true for `Linger=yes`, false for `no`, nil if unclear.
    public static func parseLinger(_ output: String) -> Bool? {
        for line in output.split(whereSeparator: \.isNewline) {
            let l = line.trimmingCharacters(in: " \t")
            if l == "Linger=yes" { return true }
            if l == "Linger=no" { return false }
        }
        return nil
    }

    /// What to tell the user when linger is off (nil: linger is on, say nothing).
    public static func lingerAdvice(linger: Bool?, user: String) -> String? {
        switch linger {
        case true?: return nil
        case false?:
            return """
            note: lingering is off for \(user): systemd stops your user services, and with them every job,
            when your last session ends (e.g. when you log out of ssh). To keep jobs running, run once:
                sudo loginctl enable-linger \(user)
            """
        case nil:
            return """
            note: could not read the linger setting (loginctl show-user \(user) -p Linger). If it is off,
            jobs stop when you log out; `sudo loginctl enable-linger \(user)` turns it on.
            """
        }
    }

    /// What to say when there is no usable systemd user manager.
    public static func noSystemdAdvice(reason: String) -> String {
        """
        scheduler: can't install the service: \(reason).
        What you can do instead:
          - on a machine with systemd, log in as this user directly (ssh, or `machinectl shell USER@`),
            not with `su`/`sudo -u`, so that a user manager and its bus exist, then run `scheduler install` again;
          - `scheduler install --print` prints the unit file, to install it by hand;
          - run `scheduler daemon --config PATH` under another supervisor (runit, s6, supervisord,
            a container's init); it stops gracefully on SIGTERM and re-reads the config on SIGHUP.
        """
    }

    /// Config, state and unit paths for a home directory and the XDG variables (empty/nil: unset).
    public static func paths(home: String, env: [String: String]) -> Paths {
        func xdg(_ key: String, _ fallback: String) -> String {
            if let v = env[key], v.hasPrefix("/") { return v }
            return home + "/" + fallback
        }
        let configHome = xdg("XDG_CONFIG_HOME", ".config")
        return Paths(
            unit: configHome + "/systemd/user/" + SystemdUnit.fileName,
            configDir: configHome + "/scheduler",
            stateDir: xdg("XDG_STATE_HOME", ".local/state") + "/scheduler",
            launchAgent: LaunchAgent.path(home: home))
    }

    /// Where things live for one user.
    public struct Paths: Sendable, Equatable {
        /// `~/.config/systemd/user/scheduler.service`.
        public var unit: String
        /// `~/.config/scheduler`: the config; removed only by `uninstall --purge`.
        public var configDir: String
        /// `~/.local/state/scheduler`: history and logs; removed only by `uninstall --purge`.
        public var stateDir: String
        /// `~/Library/LaunchAgents/local.scheduler.plist` (macOS).
        public var launchAgent: String
        public var defaultConfig: String { configDir + "/scheduler.toml" }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
