let checkCommand = Command(
    name: "check",
    summary: "validate scheduler.toml and list its jobs",
    usage: "[--config PATH] [--quiet]",
    details: "Reports every error at once with file:line:col, the line and a caret. Exit 0 when valid, 2 when not.",
    flags: [
        Flag(long: "config", short: "c", value: "PATH", help: "config file (default: $SCHEDULER_CONFIG, else ~/.config/scheduler/scheduler.toml)"),
        Flag(long: "quiet", short: "q", help: "print nothing on success"),
    ],
    run: { _ in
        printError("scheduler: check is not implemented yet")
        return 1
    }
)
