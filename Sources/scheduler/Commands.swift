/// The command table: every subcommand, in the order `--help` lists them.
/// Each lives in its own file under Commands/.
let commands: [Command] = [
    daemonCommand,
    checkCommand,
    nextCommand,
    runCommand,
    triggerCommand,
    psCommand,
    logsCommand,
    historyCommand,
    listCommand,
    pauseCommand,
    resumeCommand,
    reloadCommand,
    clusterCommand,
    catCommand,
    importCommand,
    exportCommand,
    editCommand,
    installCommand,
    uninstallCommand,
    completionsCommand,
]

func findCommand(_ name: String) -> Command? {
    commands.first { $0.name == name || $0.aliases.contains(name) }
}
