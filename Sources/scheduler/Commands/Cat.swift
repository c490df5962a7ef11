import SchedulerCore
import SchedulerDaemon
import SystemCalls

let catCommand = Command(
    name: "cat",
    summary: "print the config file, like crontab -l",
    usage: "[--config PATH]",
    details: "Prints the config file the daemon reads, as it is on disk. Exits 1 when there is none.",
    flags: [configFlag],
    run: { args in
        guard args.positionals.isEmpty else { throw UsageError(message: "'cat' takes no arguments") }
        let ctx = OperatorContext(configFlag: args.value("config"), environment: CurrentProcess.environment())
        let bytes: [UInt8]
        do { bytes = try FileSystem.readFile(ctx.configPath) } catch {
            printError("scheduler: no config at \(ctx.configPath): \(error)")
            printError("hint: 'scheduler edit' creates one")
            return 1
        }
        try FileDescriptor.standardOutput.write(all: bytes)
        return 0
    }
)
