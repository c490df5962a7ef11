import Testing
@testable import SchedulerCore

@Suite struct InstallCompletionsTests {
    static let commands: [ShellCompletions.Command] = [
        .init(name: "check", summary: "validate scheduler.toml", flags: [
            .init(long: "config", short: "c", value: "PATH", help: "config file (default: ~/.config)"),
            .init(long: "quiet", short: "q", help: "print nothing"),
        ]),
        .init(name: "next", aliases: ["n"], summary: "next run times: soon", flags: [
            .init(long: "count", short: "n", value: "N", help: "how many"),
        ]),
        .init(name: "completions", summary: "print a completion script",
              flags: [], choices: ShellCompletions.choices(inUsage: "bash|zsh|fish")),
    ]

    @Test(arguments: [
        ("bash|zsh|fish", ["bash", "zsh", "fish"]),
        ("[JOB...] [-n N]", []),
        ("[--config PATH] a|B", []),
        ("", []),
    ])
    func choices(usage: String, expected: [String]) {
        #expect(ShellCompletions.choices(inUsage: usage) == expected)
    }

    @Test func unknownShell() {
        #expect(ShellCompletions.script(for: "tcsh", commands: Self.commands) == nil)
    }

    @Test(arguments: [
        ("bash", "local commands=\"check next n completions\""),
        ("bash", "check:--config|check:-c) compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;"),
        ("bash", "next|n) flags=\"--count -n --help -h\"; words=\"\" ;;"),
        ("bash", "completions) flags=\"--help -h\"; words=\"bash zsh fish\" ;;"),
        ("bash", "complete -o bashdefault -o default -F _scheduler scheduler"),
        ("zsh", "#compdef scheduler\n"),
        ("zsh", "'next:next run times: soon'"),
        ("zsh", "'(-c --config)'{-c,--config}'[config file]:path:_files'"),
        ("zsh", "'(-q --quiet)'{-q,--quiet}'[print nothing]'"),
        ("zsh", "'1:argument:(bash zsh fish)'"),
        ("fish", "complete -c scheduler -n __fish_use_subcommand -a check -d 'validate scheduler.toml'"),
        ("fish", "complete -c scheduler -n '__fish_seen_subcommand_from check' -l config -s c -r -F -d 'config file'"),
        ("fish", "complete -c scheduler -n '__fish_seen_subcommand_from next n' -l count -s n -x -d 'how many'"),
        ("fish", "complete -c scheduler -n '__fish_seen_subcommand_from completions' -a 'bash zsh fish'"),
    ])
    func scriptContains(shell: String, fragment: String) {
        let s = ShellCompletions.script(for: shell, commands: Self.commands) ?? ""
        #expect(s.contains(fragment), "\(shell) script lacks: \(fragment)\n\(s)")
    }

    @Test func zshEscapesQuotesAndBrackets() {
        #expect(ShellCompletions.zshEscape("it's [x]") == "it'\\''s \\[x\\]")
        #expect(ShellCompletions.zshEscape("a:b", colon: true) == "a\\:b")
        #expect(ShellCompletions.fishQuote("it's") == "'it\\'s'")
    }
}
