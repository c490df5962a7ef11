import Testing
@testable import SchedulerCore

@Suite struct InstallUnitTests {
    static let home = SystemdUnit(binary: "/home/ann/bin/scheduler", config: .path("/home/ann/.config/scheduler/scheduler.toml"))

    /// Lines the unit must contain, each one a decision the issue asks for.
    @Test(arguments: [
        "Type=notify",
        "NotifyAccess=main",
        "ExecStart=/home/ann/bin/scheduler daemon --config /home/ann/.config/scheduler/scheduler.toml",
        "ExecReload=/bin/sh -c 'kill -HUP $$MAINPID'",
        "Restart=on-failure",
        "RestartPreventExitStatus=2",
        "WatchdogSec=60s",
        "KillMode=mixed",
        "TimeoutStopSec=45s",
        "NoNewPrivileges=yes",
        "WantedBy=default.target",
        "Documentation=man:scheduler(1) man:scheduler.toml(5)",
    ])
    func unitHasLine(line: String) {
        #expect(Self.home.text.split(separator: "\n").contains { $0 == line })
    }

    /// Options that would break jobs (they write to app dirs, caches and the home directory).
    @Test(arguments: ["ProtectHome", "ProtectSystem", "PrivateTmp", "MemoryDenyWriteExecute", "ReadOnlyPaths"])
    func unitAvoidsJobBreakingHardening(key: String) {
        #expect(!Self.home.text.split(separator: "\n").contains { $0.hasPrefix(key + "=") })
    }

    @Test func stopTimeoutExceedsDefaultShutdownGrace() {
        let grace = DaemonSettings().shutdownGrace
        #expect(Duration.seconds(SystemdUnit.defaultStopTimeoutSeconds) > grace)
    }

    @Test func sectionsInOrderAndEveryKeyHasAValue() {
        let lines = Self.home.text.split(separator: "\n", omittingEmptySubsequences: true)
        let sections = lines.filter { $0.hasPrefix("[") }
        #expect(sections == ["[Unit]", "[Service]", "[Install]"])
        for l in lines where !l.hasPrefix("#") && !l.hasPrefix("[") {
            #expect(l.contains("="), "not a key=value line: \(l)")
        }
        #expect(Self.home.text.hasSuffix("\n"))
    }

    @Test func packagedUnitUsesDefaultConfigSpecifier() {
        let t = SystemdUnit.packaged.text
        #expect(t.contains("\nExecStart=/usr/bin/scheduler daemon --config %h/.config/scheduler/scheduler.toml\n"))
        #expect(t.contains("\nConditionPathExists=%h/.config/scheduler/scheduler.toml\n"))
        #expect(!Self.home.text.contains("ConditionPathExists"))
    }

    @Test(arguments: [
        ("/usr/bin/scheduler", "/usr/bin/scheduler"),
        ("/home/a b/x", "\"/home/a b/x\""),
        ("/srv/100%/x", "/srv/100%%/x"),
        ("/srv/$HOME", "/srv/$$HOME"),
        ("/a\"b", "\"/a\\\"b\""),
        ("/a\\b", "\"/a\\\\b\""),
        ("", "\"\""),
    ])
    func quoting(path: String, expected: String) {
        #expect(SystemdUnit.quote(path) == expected)
    }

    @Test func execStartQuotesBothPaths() {
        let u = SystemdUnit(binary: "/opt/my apps/scheduler", config: .path("/srv/50%/s.toml"))
        #expect(u.execStart == "\"/opt/my apps/scheduler\" daemon --config /srv/50%%/s.toml")
    }
}

@Suite struct InstallLaunchAgentTests {
    static let agent = LaunchAgent(binary: "/Users/ann/bin/scheduler", config: "/Users/ann/.config/scheduler/scheduler.toml",
                                   logFile: LaunchAgent.defaultLogFile(home: "/Users/ann"))

    @Test(arguments: [
        "<key>Label</key>\n\t<string>local.scheduler</string>",
        "<key>ProgramArguments</key>\n\t<array>\n\t\t<string>/Users/ann/bin/scheduler</string>\n\t\t<string>daemon</string>\n"
            + "\t\t<string>--config</string>\n\t\t<string>/Users/ann/.config/scheduler/scheduler.toml</string>\n\t</array>",
        "<key>RunAtLoad</key>\n\t<true/>",
        "<key>KeepAlive</key>\n\t<dict>\n\t\t<key>SuccessfulExit</key>\n\t\t<false/>\n\t</dict>",
        "<key>ExitTimeOut</key>\n\t<integer>45</integer>",
        "<key>StandardErrorPath</key>\n\t<string>/Users/ann/Library/Logs/scheduler/daemon.log</string>",
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">",
    ])
    func plistContains(fragment: String) {
        #expect(Self.agent.text.contains(fragment))
    }

    @Test func plistIsBalanced() {
        let t = Self.agent.text
        #expect(t.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        for tag in ["plist", "dict", "array"] {
            let opens = t.split(separator: "<\(tag)").count - 1
            let closes = t.split(separator: "</\(tag)>").count - 1
            #expect(opens == closes, "\(tag): \(opens) opened, \(closes) closed")
        }
    }

    @Test func plistEscapesXML() {
        let a = LaunchAgent(binary: "/Users/a&b/<x>", config: "/c\"d", logFile: "/l")
        #expect(a.text.contains("<string>/Users/a&amp;b/&lt;x&gt;</string>"))
        #expect(a.text.contains("<string>/c&quot;d</string>"))
    }

    @Test func path() {
        #expect(LaunchAgent.path(home: "/Users/ann") == "/Users/ann/Library/LaunchAgents/local.scheduler.plist")
    }
}
