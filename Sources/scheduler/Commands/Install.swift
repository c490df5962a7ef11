let installCommand = Command(
    name: "install",
    summary: "install and start the per-user systemd service",
    usage: "[--print] [--config PATH]",
    flags: [],
    run: { _ in
        printError("scheduler: install is not implemented yet")
        return 1
    }
)
