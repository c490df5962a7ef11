import SchedulerCore
import StateFormats
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
        watchdogInterval = forUs ? env["WATCHDOG_USEC"].flatMap(Self.watchdogInterval) : nil
    }

    /// Half of WATCHDOG_USEC in nanoseconds; nil unless it is a whole number of µs from 1 to a year
    /// (systemd's own maximum is far below; anything else in the environment is not systemd's doing).
    static func watchdogInterval(_ text: String) -> Int64? {
        guard let us = Checked.parse(Substring(text), as: Int64.self), (1...31_536_000_000_000).contains(us) else { return nil }
        return us * 1000 / 2
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
        if now >= nextWatchdog { send("WATCHDOG=1"); nextWatchdog = Checked.add(now, interval) }
        return nextWatchdog
    }
}
