/// The macOS LaunchAgent that runs `scheduler daemon`: pure plist text, no I/O.
public struct LaunchAgent: Sendable, Equatable {
    public static let label = "local.scheduler"
    public static let fileName = "\(label).plist"

    public var binary: String
    public var config: String
    /// Where launchd sends the daemon's stdout and stderr (launchd has no journal to catch them).
    public var logFile: String
    /// SIGTERM → SIGKILL delay: above the daemon's default `shutdown_grace` (30 s), as in the systemd unit.
    public var exitTimeoutSeconds: Int

    public init(binary: String, config: String, logFile: String,
                exitTimeoutSeconds: Int = SystemdUnit.defaultStopTimeoutSeconds) {
        self.binary = binary; self.config = config; self.logFile = logFile; self.exitTimeoutSeconds = exitTimeoutSeconds
    }

    /// `~/Library/LaunchAgents/local.scheduler.plist`.
    public static func path(home: String) -> String { "\(home)/Library/LaunchAgents/\(fileName)" }
    /// `~/Library/Logs/scheduler/daemon.log`.
    public static func defaultLogFile(home: String) -> String { "\(home)/Library/Logs/scheduler/daemon.log" }

    /// The property list. KeepAlive/SuccessfulExit=false is launchd's Restart=on-failure.
    public var text: String {
        let args = [binary, "daemon", "--config", config].map { "\t\t<string>\(LaunchAgent.escape($0))</string>" }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <!-- Written by `scheduler install`; `scheduler uninstall` removes it. See scheduler(1). -->
        <plist version="1.0">
        <dict>
        \t<key>Label</key>
        \t<string>\(LaunchAgent.label)</string>
        \t<key>ProgramArguments</key>
        \t<array>
        \(args.joined(separator: "\n"))
        \t</array>
        \t<key>RunAtLoad</key>
        \t<true/>
        \t<key>KeepAlive</key>
        \t<dict>
        \t\t<key>SuccessfulExit</key>
        \t\t<false/>
        \t</dict>
        \t<key>ThrottleInterval</key>
        \t<integer>5</integer>
        \t<key>ExitTimeOut</key>
        \t<integer>\(exitTimeoutSeconds)</integer>
        \t<key>StandardOutPath</key>
        \t<string>\(LaunchAgent.escape(logFile))</string>
        \t<key>StandardErrorPath</key>
        \t<string>\(LaunchAgent.escape(logFile))</string>
        </dict>
        </plist>

        """
    }

    /// XML text escaping for `<string>` values.
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
