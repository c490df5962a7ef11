let historyCommand = Command(
    name: "history",
    summary: "show finished runs",
    usage: "[JOB] [-n N] [--json]",
    flags: [],
    run: { _ in
        printError("scheduler: history is not implemented yet")
        return 1
    }
)
