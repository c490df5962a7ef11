import SchedulerCore
import SystemCalls

/// The sd_notify protocol by hand: READY=1, RELOADING=1, STOPPING=1, STATUS=…, WATCHDOG=1.
struct SystemdNotifier {
    let socket: String?
    /// Half of WATCHDOG_USEC, in nanoseconds, when systemd asked for keep-alives.
    let watchdogInterval: Int64?
    var nextWatchdog: Int64 = 0
    var lastStatus = ""

    init(environment env: [String: String]) {
        socket = env["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let forUs = env["WATCHDOG_PID"].map { $0 == String(CurrentProcess.id) } ?? true
        watchdogInterval = forUs ? env["WATCHDOG_USEC"].flatMap(Int64.init).map { $0 * 1000 / 2 } : nil
    }

    func send(_ state: String) {
        guard let socket else { return }
        _ = try? UnixSocket.notifySystemd(state, socket: socket)
    }

    /// STATUS= naming the next due job; sent only when it changes.
    mutating func status(engine: Engine, running: Int, zone: TimeZoneRules) {
        guard socket != nil else { return }
        var s = "STATUS="
        if let (job, at) = engine.nextDue() { s += "Next: \(job) at \(TimeFormat.rfc3339(at, zone: zone))" } else { s += "No job scheduled" }
        s += "; \(running) running"
        if s != lastStatus { lastStatus = s; send(s) }
    }

    /// Sends WATCHDOG=1 when due; returns when the next one is due (boottime ns), if enabled.
    mutating func watchdog(now: Int64) -> Int64? {
        guard let interval = watchdogInterval else { return nil }
        if now >= nextWatchdog { send("WATCHDOG=1"); nextWatchdog = now + interval }
        return nextWatchdog
    }
}
