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
            .init(long: "format", value: "FORMAT", help: "output", choices: ["text", "json"]),
        ], jobs: true),
        .init(name: "completions", summary: "print a completion script",
              flags: [], choices: ShellCompletions.hints(inUsage: "bash|zsh|fish").choices),
    ]

    @Test(arguments: [
        ("bash|zsh|fish", ["bash", "zsh", "fish"], [:], false),
        ("[JOB...] [-n N]", [], [:], true),
        ("JOB [--wait | --no-lock] [--config PATH] [-- ARGS...]\n       scheduler run --detach JOB", [], [:], true),
        ("--format crontab|systemd|kubernetes [JOB...] [--output DIR]", [], ["format": ["crontab", "systemd", "kubernetes"]], true),
        ("[JOB] [--since DURATION|TIME] [--source app|scheduler]", [], ["source": ["app", "scheduler"]], true),
        ("[FILE | -] [--system | --user]", [], [:], false),
        ("[--config PATH] a|B", [], [:], false),
        ("", [], [:], false),
    ] as [(String, [String], [String: [String]], Bool)])
    func hints(usage: String, choices: [String], flagChoices: [String: [String]], jobs: Bool) {
        let h = ShellCompletions.hints(inUsage: usage)
        #expect(h.choices == choices)
        #expect(h.flagChoices == flagChoices)
        #expect(h.jobs == jobs)
    }

    @Test func unknownShell() {
        #expect(ShellCompletions.script(for: "tcsh", commands: Self.commands) == nil)
    }

    @Test(arguments: [
        ("bash", "local commands=\"check next n completions\""),
        ("bash", "check:--config|check:-c) compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\")); return ;;"),
        ("bash", "next|n) flags=\"--count -n --format --help -h\"; words=\"\"; jobs=1 ;;"),
        ("bash", "next:--format|n:--format) COMPREPLY=($(compgen -W \"text json\" -- \"$cur\")); return ;;"),
        ("bash", "completions) flags=\"--help -h\"; words=\"bash zsh fish\"; jobs=0 ;;"),
        ("bash", "[[ -r $f ]] && sed -n 's/^[[:space:]]*\\[jobs\\.\\([A-Za-z0-9_-]*\\)\\].*/\\1/p' \"$f\""),
        ("bash", "complete -o bashdefault -o default -F _scheduler scheduler"),
        ("zsh", "#compdef scheduler\n"),
        ("zsh", "'next:next run times: soon'"),
        ("zsh", "'(-c --config)'{-c,--config}'[config file]:path:_files'"),
        ("zsh", "'(-q --quiet)'{-q,--quiet}'[print nothing]'"),
        ("zsh", "'1:argument:(bash zsh fish)'"),
        ("zsh", "'--format[output]:format:(text json)'"),
        ("zsh", "'*:job:_scheduler_jobs'"),
        ("fish", "complete -c scheduler -n __fish_use_subcommand -a check -d 'validate scheduler.toml'"),
        ("fish", "complete -c scheduler -n '__fish_seen_subcommand_from check' -l config -s c -r -F -d 'config file'"),
        ("fish", "complete -c scheduler -n '__fish_seen_subcommand_from next n' -l count -s n -x -d 'how many'"),
        ("fish", "complete -c scheduler -n '__fish_seen_subcommand_from completions' -a 'bash zsh fish'"),
        ("fish", "complete -c scheduler -n '__fish_seen_subcommand_from next n' -l format -x -a 'text json' -d 'output'"),
        ("fish", "complete -c scheduler -n '__fish_seen_subcommand_from next n' -a '(__scheduler_jobs)' -d job"),
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
