let uninstallCommand = Command(
    name: "uninstall",
    summary: "stop and remove the per-user service",
    usage: "[--purge]",
    flags: [],
    run: { _ in
        printError("scheduler: uninstall is not implemented yet")
        return 1
    }
)
