import SchedulerCore

let completionsCommand = Command(
    name: "completions",
    summary: "print a shell completion script (bash, zsh or fish)",
    usage: "bash|zsh|fish",
    details: """
    Generated from the command table, so it always matches this binary. Job names are completed from
    the [jobs.NAME] tables of the config (--config on the line, else $SCHEDULER_CONFIG, else the default).
    Install, for example:
      scheduler completions bash > ~/.local/share/bash-completion/completions/scheduler
      scheduler completions zsh > ~/.zfunc/_scheduler        (with fpath+=(~/.zfunc) in ~/.zshrc)
      scheduler completions fish > ~/.config/fish/completions/scheduler.fish
    The Debian package installs all three.
    """,
    run: { args in
        guard args.positionals.count == 1, let shell = args.positionals.first else {
            throw UsageError(message: "completions takes one shell: bash, zsh or fish")
        }
        guard let script = ShellCompletions.script(for: shell, commands: completionTable()) else {
            throw UsageError(message: "no completions for '\(shell)'", hint: "choose bash, zsh or fish")
        }
        print(script, terminator: "")
        return 0
    }
)

/// The command table as completion scripts need it; argument hints come from each usage line.
func completionTable() -> [ShellCompletions.Command] {
    commands.map { c in
        let hints = ShellCompletions.hints(inUsage: c.usage)
        return ShellCompletions.Command(
            name: c.name, aliases: c.aliases, summary: c.summary,
            flags: c.flags.map {
                ShellCompletions.Flag(long: $0.long, short: $0.short, value: $0.value, help: $0.help, repeats: $0.repeats,
                                      choices: hints.flagChoices[$0.long] ?? [])
            },
            choices: hints.choices, jobs: hints.jobs)
    }
}
