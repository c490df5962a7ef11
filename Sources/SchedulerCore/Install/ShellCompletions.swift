/// Shell completion scripts generated from the CLI's command table: pure text, no I/O.
public enum ShellCompletions {
    /// One flag, as completion needs it.
    public struct Flag: Sendable, Equatable {
        public var long: String
        public var short: Character?
        /// The value's name ("PATH", "N"); nil for a switch.
        public var value: String?
        public var help: String
        public var repeats: Bool
        /// Fixed values (e.g. `crontab systemd kubernetes`); empty: anything.
        public var choices: [String]
        public init(long: String, short: Character? = nil, value: String? = nil, help: String, repeats: Bool = false,
                    choices: [String] = []) {
            self.long = long; self.short = short; self.value = value; self.help = help; self.repeats = repeats
            self.choices = choices
        }
        /// Values that name files get file completion.
        public var takesPath: Bool {
            guard let v = value else { return false }
            return ["PATH", "FILE", "DIR"].contains { v.contains($0) }
        }
    }

    /// One subcommand, as completion needs it.
    public struct Command: Sendable, Equatable {
        public var name: String
        public var aliases: [String]
        public var summary: String
        public var flags: [Flag]
        /// Fixed words for the first argument (e.g. `bash zsh fish`); empty: anything.
        public var choices: [String]
        /// Its arguments are job names, completed from the `[jobs.NAME]` tables of the config.
        public var jobs: Bool
        public init(name: String, aliases: [String] = [], summary: String, flags: [Flag], choices: [String] = [],
                    jobs: Bool = false) {
            self.name = name; self.aliases = aliases; self.summary = summary; self.flags = flags
            self.choices = choices; self.jobs = jobs
        }
        var names: [String] { [name] + aliases }
    }

    public static let shells = ["bash", "zsh", "fish"]

    /// The script for `shell` (one of `shells`), or nil for an unknown shell.
    public static func script(for shell: String, commands: [Command]) -> String? {
        switch shell {
        case "bash": return bash(commands)
        case "zsh": return zsh(commands)
        case "fish": return fish(commands)
        default: return nil
        }
    }

    /// What a usage line says about arguments: `bash|zsh|fish` as the first argument (choices),
    /// `--format crontab|systemd` (a flag's choices), `JOB`/`JOB...` (job names).
    public struct UsageHints: Sendable, Equatable {
        public var choices: [String] = []
        public var flagChoices: [String: [String]] = [:]
        public var jobs = false
    }

    /// Reads the hints from a usage line such as "[JOB] [--source app|scheduler]".
    public static func hints(inUsage usage: String) -> UsageHints {
        var hints = UsageHints(), previous = ""
        for raw in usage.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            var word = raw[...]
            while let f = word.first, f == "[" || f == "(" { word = word.dropFirst() }
            while let l = word.last, l == "]" || l == ")" || l == "." || l == "," { word = word.dropLast() }
            if word == "JOB" { hints.jobs = true }
            let parts = word.split(separator: "|").map(String.init)
            if parts.count >= 2, parts.allSatisfy({ $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" } }),
               !parts.contains(where: { $0.hasPrefix("-") }) {
                if previous.hasPrefix("--") { hints.flagChoices[String(previous.dropFirst(2))] = parts }
                else if hints.choices.isEmpty { hints.choices = parts }
            }
            previous = String(word)
        }
        return hints
    }

    /// Reads `[jobs.NAME]` headers from the config: `--config`/`-c` on the line, else $SCHEDULER_CONFIG,
    /// else the XDG default. Bare names only; sed because it is everywhere.
    static let jobSed = #"sed -n 's/^[[:space:]]*\[jobs\.\([A-Za-z0-9_-]*\)\].*/\1/p'"#

    // MARK: bash

    static func bash(_ commands: [Command]) -> String {
        var valueCases: [String] = [], flagCases: [String] = []
        for c in commands {
            for f in c.flags where f.value != nil {
                let action = f.takesPath ? "compopt -o filenames; COMPREPLY=($(compgen -f -- \"$cur\"))"
                    : f.choices.isEmpty ? "COMPREPLY=()" : "COMPREPLY=($(compgen -W \"\(f.choices.joined(separator: " "))\" -- \"$cur\"))"
                let patterns = c.names.flatMap { n in forms(f).map { "\(n):\($0)" } }
                valueCases.append("        \(patterns.joined(separator: "|"))) \(action); return ;;")
            }
            let flags = (c.flags + [helpFlag]).flatMap(forms).joined(separator: " ")
            let words = c.choices.joined(separator: " ")
            flagCases.append("        \(c.names.joined(separator: "|"))) flags=\"\(flags)\"; words=\"\(words)\"; jobs=\(c.jobs ? 1 : 0) ;;")
        }
        return """
        # bash completion for scheduler(1), generated by `scheduler completions bash`.
        _scheduler_jobs() {
            local f=${SCHEDULER_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/scheduler/scheduler.toml} i
            for ((i = 2; i < COMP_CWORD; i++)); do
                [[ ${COMP_WORDS[i]} == --config || ${COMP_WORDS[i]} == -c ]] && f=${COMP_WORDS[i+1]}
            done
            f=${f/#\\~/$HOME}
            [[ -r $f ]] && \(jobSed) "$f"
        }
        _scheduler() {
            local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
            local commands="\(commands.flatMap(\.names).joined(separator: " "))"
            if [[ $COMP_CWORD -eq 1 ]]; then
                COMPREPLY=($(compgen -W "$commands help --help --version" -- "$cur"))
                return
            fi
            local cmd=${COMP_WORDS[1]} flags= words= jobs=0
            if [[ $cmd == help ]]; then
                [[ $COMP_CWORD -eq 2 ]] && COMPREPLY=($(compgen -W "$commands" -- "$cur"))
                return
            fi
            case "$cmd:$prev" in
        \(valueCases.joined(separator: "\n"))
            esac
            case "$cmd" in
        \(flagCases.joined(separator: "\n"))
            esac
            if [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "$flags" -- "$cur"))
            elif [[ -n $words ]]; then
                COMPREPLY=($(compgen -W "$words" -- "$cur"))
            elif [[ $jobs == 1 ]]; then
                COMPREPLY=($(compgen -W "$(_scheduler_jobs)" -- "$cur"))
            fi
        }
        complete -o bashdefault -o default -F _scheduler scheduler

        """
    }

    /// `--long` and `-s` spellings of a flag.
    static func forms(_ f: Flag) -> [String] { ["--" + f.long] + (f.short.map { ["-\($0)"] } ?? []) }

    static let helpFlag = Flag(long: "help", short: "h", help: "show this help")

    // MARK: zsh

    static func zsh(_ commands: [Command]) -> String {
        let described = commands.flatMap { c in c.names.map { "    '\(zshEscape($0, colon: true)):\(zshEscape(c.summary))'" } }
        var cases: [String] = []
        for c in commands {
            var specs = (c.flags + [helpFlag]).map(zshSpec)
            specs.append(!c.choices.isEmpty ? "'1:argument:(\(c.choices.joined(separator: " ")))'"
                : c.jobs ? "'*:job:_scheduler_jobs'" : "'*: :_default'")
            cases.append("        \(c.names.joined(separator: "|")))\n            _arguments -s \\\n              "
                + specs.joined(separator: " \\\n              ") + " ;;")
        }
        return """
        #compdef scheduler
        # zsh completion for scheduler(1), generated by `scheduler completions zsh`.
        _scheduler_commands=(
        \(described.joined(separator: "\n"))
        )

        _scheduler_jobs() {
            local f=${SCHEDULER_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/scheduler/scheduler.toml} i
            local -a jobs
            for ((i = 2; i < CURRENT; i++)); do [[ $words[i] == (--config|-c) ]] && f=$words[i+1]; done
            f=${f/#\\~/$HOME}
            [[ -r $f ]] && jobs=(${(f)"$(\(jobSed) $f)"})
            _describe -t jobs 'job' jobs
        }

        _scheduler() {
            local curcontext=$curcontext state line
            _arguments -C \\
              '(- *)'{-h,--help}'[show help]' \\
              '(- *)--version[print the version]' \\
              '1: :->command' \\
              '*:: :->args' && return
            case $state in
            command)
                _describe -t commands 'scheduler command' _scheduler_commands ;;
            args)
                case $words[1] in
                help)
                    _describe -t commands 'scheduler command' _scheduler_commands ;;
        \(cases.joined(separator: "\n"))
                esac ;;
            esac
        }

        _scheduler "$@"

        """
    }

    static func zshSpec(_ f: Flag) -> String {
        let desc = "[" + zshEscape(shortHelp(f.help)) + "]"
        let action = f.takesPath ? "_files" : f.choices.isEmpty ? " " : "(\(f.choices.joined(separator: " ")))"
        let value = f.value.map { ":\(zshEscape($0, colon: true).lowercased()):" + action } ?? ""
        if f.repeats {
            return forms(f).map { "'*\($0)\(desc)\(value)'" }.joined(separator: " ")
        }
        guard let s = f.short else { return "'--\(f.long)\(desc)\(value)'" }
        return "'(-\(s) --\(f.long))'{-\(s),--\(f.long)}'\(desc)\(value)'"
    }

    static func zshEscape(_ s: String, colon: Bool = false) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "'": out += "'\\''"
            case "[", "]", "\\": out += "\\" + String(ch)
            case ":" where colon: out += "\\:"
            default: out.append(ch)
            }
        }
        return out
    }

    // MARK: fish

    static func fish(_ commands: [Command]) -> String {
        var lines = [
            "# fish completion for scheduler(1), generated by `scheduler completions fish`.",
            "function __scheduler_jobs",
            "    set -l f $SCHEDULER_CONFIG",
            "    test -n \"$f\"; or set f (set -q XDG_CONFIG_HOME; and echo $XDG_CONFIG_HOME; or echo $HOME/.config)/scheduler/scheduler.toml",
            "    set -l words (commandline -opc)",
            "    for i in (seq 2 (math (count $words) - 1))",
            "        contains -- $words[$i] --config -c; and set f $words[(math $i + 1)]",
            "    end",
            "    set f (string replace -r '^~' $HOME -- $f)",
            "    test -r \"$f\"; and \(jobSed) $f",
            "end",
            "complete -c scheduler -f",
            "complete -c scheduler -n __fish_use_subcommand -l help -s h -d 'show help'",
            "complete -c scheduler -n __fish_use_subcommand -l version -d 'print the version'",
            "complete -c scheduler -n __fish_use_subcommand -a help -d 'help on a command'",
            "complete -c scheduler -n '__fish_seen_subcommand_from help' -a '\(commands.flatMap(\.names).joined(separator: " "))'",
        ]
        for c in commands {
            lines.append("complete -c scheduler -n __fish_use_subcommand -a \(c.name) -d \(fishQuote(c.summary))")
            let when = "-n '__fish_seen_subcommand_from \(c.names.joined(separator: " "))'"
            for f in c.flags + [helpFlag] {
                var l = "complete -c scheduler \(when) -l \(f.long)"
                if let s = f.short { l += " -s \(s)" }
                if f.value != nil { l += f.takesPath ? " -r -F" : " -x" }
                if !f.choices.isEmpty { l += " -a '\(f.choices.joined(separator: " "))'" }
                lines.append(l + " -d \(fishQuote(shortHelp(f.help)))")
            }
            if !c.choices.isEmpty { lines.append("complete -c scheduler \(when) -a '\(c.choices.joined(separator: " "))'") }
            if c.jobs { lines.append("complete -c scheduler \(when) -a '(__scheduler_jobs)' -d job") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fishQuote(_ s: String) -> String {
        "'" + s.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }

    /// A flag's help up to its first parenthesis: the part that fits a completion menu.
    static func shortHelp(_ help: String) -> String {
        guard let i = help.firstIndex(of: "(") else { return help }
        let s = help[..<i]
        return String(s.last == " " ? s.dropLast() : s)
    }
}

