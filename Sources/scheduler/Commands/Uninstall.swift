import SchedulerCore
import SystemCalls

let uninstallCommand = Command(
    name: "uninstall",
    summary: "stop and remove the per-user service",
    usage: "[--purge]",
    details: """
    Stops and disables the service (`systemctl --user disable --now scheduler`), removes
    ~/.config/systemd/user/scheduler.service and reloads systemd. The config and the run history stay,
    unless --purge. On macOS it unloads and removes the LaunchAgent.
    """,
    flags: [
        Flag(long: "purge", help: "also delete ~/.config/scheduler (the config) and ~/.local/state/scheduler (history, logs)"),
    ],
    run: { args in
        guard args.positionals.isEmpty else { throw UsageError(message: "uninstall takes no arguments") }
        let setup = try InstallSetup(configFlag: nil)
        #if os(macOS)
        let status = try uninstallLaunchAgent(setup)
        #else
        let status = try uninstallSystemdUnit(setup)
        #endif
        try reportLeftovers(setup, purge: args.has("purge"))
        return status
    }
)

/// `uninstall` on Linux: stop, disable, remove the unit, reload.
private func uninstallSystemdUnit(_ setup: InstallSetup) throws -> Int32 {
    let tools = ServiceTools(environment: setup.environment)
    let unitExists = try FileSystem.statIfExists(setup.paths.unit) != nil
    var status: Int32 = 0
    let problem = tools.unavailableReason()
    if let problem {
        printError("scheduler: can't stop the service: \(problem).")
        if !unitExists { return 1 }
        printError("hint: the unit file is removed anyway; stop a running `scheduler daemon` yourself.")
        status = 1
    } else {
        var unknown = false
        for step in InstallPlan.uninstallSteps {
            let result = tools.capture(step)
            // A unit systemd doesn't know is already stopped and disabled: not an error.
            if !result.ok, result.output.contains("not loaded") || result.output.contains("does not exist") {
                unknown = true
            } else if !result.ok {
                printError("scheduler: `systemctl --user \(step.joined(separator: " "))` failed: \(result.output)")
                status = 1
            }
        }
        print(unknown ? "\(SystemdUnit.fileName) is not installed" : "stopped and disabled \(SystemdUnit.fileName)")
    }
    if unitExists {
        try FileSystem.unlink(setup.paths.unit)
        print("removed \(setup.paths.unit)")
    } else {
        print("no unit at \(setup.paths.unit)")
    }
    if problem == nil {
        _ = tools.capture(["daemon-reload"])
        _ = tools.capture(["reset-failed", SystemdUnit.fileName])
    }
    return status
}

/// Deletes the config and state directories with --purge, else says they were kept.
private func reportLeftovers(_ setup: InstallSetup, purge: Bool) throws {
    let dirs = [setup.paths.configDir, setup.paths.stateDir]
    guard purge else {
        let kept = dirs.filter { FileSystem.exists($0) }
        if !kept.isEmpty { print("kept \(kept.joined(separator: " and ")) (`scheduler uninstall --purge` deletes them)") }
        return
    }
    for dir in dirs where FileSystem.exists(dir) {
        try FileSystem.removeTree(dir)
        print("deleted \(dir)")
    }
    if !setup.config.hasPrefix(setup.paths.configDir + "/"), FileSystem.exists(setup.config) {
        print("kept \(setup.config): it is outside \(setup.paths.configDir), delete it yourself if you mean to")
    }
}

#if os(macOS)
/// `uninstall` on macOS: `launchctl bootout` and remove the plist.
private func uninstallLaunchAgent(_ setup: InstallSetup) throws -> Int32 {
    let tools = ServiceTools(environment: setup.environment)
    let service = "gui/\(CurrentProcess.userID)/\(LaunchAgent.label)"
    if (try? tools.runTool("launchctl", ["bootout", service], capture: true).ok) == true {
        print("unloaded \(LaunchAgent.label)")
    }
    guard FileSystem.exists(setup.paths.launchAgent) else {
        print("no LaunchAgent at \(setup.paths.launchAgent)")
        return 0
    }
    try FileSystem.unlink(setup.paths.launchAgent)
    print("removed \(setup.paths.launchAgent)")
    return 0
}
#endif
