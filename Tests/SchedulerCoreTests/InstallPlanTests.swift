import Testing
@testable import SchedulerCore

@Suite struct InstallPlanTests {
    @Test(arguments: [
        (nil, "A\n", InstallPlan.UnitChange.installed),
        ("A\n", "A\n", .unchanged),
        ("A\n", "B\n", .updated),
        ("", "A\n", .updated),
        ("A", "A\n", .updated),
    ] as [(String?, String, InstallPlan.UnitChange)])
    func decide(existing: String?, wanted: String, expected: InstallPlan.UnitChange) {
        #expect(InstallPlan.decide(existing: existing, wanted: wanted) == expected)
    }

    @Test(arguments: [
        (InstallPlan.UnitChange.installed, [["daemon-reload"], ["enable", "--now", "scheduler.service"]]),
        (.updated, [["daemon-reload"], ["enable", "scheduler.service"], ["restart", "scheduler.service"]]),
        (.unchanged, [["enable", "--now", "scheduler.service"]]),
    ])
    func steps(change: InstallPlan.UnitChange, expected: [[String]]) {
        #expect(InstallPlan.systemctlSteps(for: change) == expected)
    }

    @Test(arguments: [
        (InstallPlan.UnitChange.installed, "installed /u"),
        (.updated, "updated /u (it had changed; the service is restarted)"),
        (.unchanged, "unchanged /u"),
    ])
    func message(change: InstallPlan.UnitChange, expected: String) {
        #expect(InstallPlan.message(for: change, path: "/u") == expected)
    }

    @Test(arguments: [
        ("Linger=yes\n", true as Bool?),
        ("Linger=no\n", false),
        ("  Linger=no  \r\n", false),
        ("Failed to get user: No such user\n", nil),
        ("", nil),
        ("Linger=maybe", nil),
    ])
    func linger(output: String, expected: Bool?) {
        #expect(InstallPlan.parseLinger(output) == expected)
    }

    @Test func lingerAdvice() {
        #expect(InstallPlan.lingerAdvice(linger: true, user: "ann") == nil)
        let off = InstallPlan.lingerAdvice(linger: false, user: "ann") ?? ""
        #expect(off.hasSuffix("\n    sudo loginctl enable-linger ann"))
        #expect(off.contains("log out"))
        #expect(InstallPlan.lingerAdvice(linger: nil, user: "ann")?.contains("sudo loginctl enable-linger ann") == true)
    }

    @Test func noSystemdAdviceNamesAlternatives() {
        let t = InstallPlan.noSystemdAdvice(reason: "systemctl not found")
        #expect(t.hasPrefix("scheduler: can't install the service: systemctl not found.\n"))
        #expect(t.contains("scheduler install --print"))
        #expect(t.contains("scheduler daemon --config PATH"))
    }

    @Test(arguments: [
        ([:], "/h/.config/systemd/user/scheduler.service", "/h/.config/scheduler", "/h/.local/state/scheduler"),
        (["XDG_CONFIG_HOME": "/x", "XDG_STATE_HOME": "/s"], "/x/systemd/user/scheduler.service", "/x/scheduler", "/s/scheduler"),
        (["XDG_CONFIG_HOME": "rel", "XDG_STATE_HOME": ""], "/h/.config/systemd/user/scheduler.service", "/h/.config/scheduler",
         "/h/.local/state/scheduler"),
    ] as [([String: String], String, String, String)])
    func paths(env: [String: String], unit: String, config: String, state: String) {
        let p = InstallPlan.paths(home: "/h", env: env)
        #expect(p.unit == unit)
        #expect(p.configDir == config)
        #expect(p.stateDir == state)
        #expect(p.launchAgent == "/h/Library/LaunchAgents/local.scheduler.plist")
    }

    @Test func exampleConfigHasDisabledGreeting() {
        let lines = ExampleConfig.text.split(separator: "\n")
        #expect(lines.contains("[jobs.output_greeting]"))
        #expect(lines.contains("enabled = false"))
        // Every non-comment line belongs to the one greeting job: the rest is commented out.
        let live = lines.filter { !$0.hasPrefix("#") }
        #expect(live.count == 5)
    }
}
