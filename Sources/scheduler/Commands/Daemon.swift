let daemonCommand = Command(
    name: "daemon",
    summary: "run the jobs in the foreground (what the service runs)",
    usage: "[--config PATH]",
    flags: [],
    run: { _ in
        printError("scheduler: daemon is not implemented yet")
        return 1
    }
)
