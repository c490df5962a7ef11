import Testing
@testable import SchedulerCore

@Suite struct ConfigLocationTests {
    @Test(arguments: [
        ("/x/flag.toml", ["SCHEDULER_CONFIG": "/env.toml", "XDG_CONFIG_HOME": "/xdg", "HOME": "/h"], "/x/flag.toml"),
        (nil, ["SCHEDULER_CONFIG": "/env.toml", "XDG_CONFIG_HOME": "/xdg", "HOME": "/h"], "/env.toml"),
        (nil, ["SCHEDULER_CONFIG": "", "XDG_CONFIG_HOME": "/xdg/", "HOME": "/h"], "/xdg/scheduler/scheduler.toml"),
        (nil, ["XDG_CONFIG_HOME": "relative", "HOME": "/h"], "/h/.config/scheduler/scheduler.toml"),
        (nil, ["HOME": "/h"], "/h/.config/scheduler/scheduler.toml"),
        ("", ["HOME": "/h"], "/h/.config/scheduler/scheduler.toml"),
        (nil, [:], "~/.config/scheduler/scheduler.toml"),
        ("rel.toml", [:], "rel.toml"),
    ] as [(String?, [String: String], String)])
    func resolve(flag: String?, environment: [String: String], expected: String) {
        #expect(ConfigLocation.resolve(flag: flag, environment: environment) == expected)
    }

    @Test(arguments: [
        ("~", "/h", "/h"), ("~/a/b", "/h", "/h/a/b"), ("~/a", "/h/", "/h/a"), ("/abs", nil, "/abs"),
        ("rel", "/h", "rel"), ("~", nil, nil), ("~/x", "", nil), ("~bob", "/h", "~bob"),
    ] as [(String, String?, String?)])
    func expandTilde(path: String, home: String?, expected: String?) {
        #expect(ConfigLocation.expandTilde(path, home: home) == expected)
    }

    @Test(arguments: [("/a/b/c.toml", "/a/b"), ("/c.toml", "/"), ("c.toml", "."), ("a/c.toml", "a")])
    func directory(path: String, expected: String) {
        #expect(ConfigLocation.directory(of: path) == expected)
    }
}
