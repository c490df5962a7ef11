import Synchronization
import SchedulerCore
import SystemCalls

/// What hooks and mail need from the daemon.
struct NotifyContext: Sendable {
    var environment: [String: String]
    var zone: TimeZoneRules
    var hookTimeout: Duration
}

/// Hooks, mail and the metrics file. The runtime calls `flush` from `flushLogs` (it hands back what hook
/// threads logged), `keepOutput` when a run ends and `recorded` for each journal record; each returns the
/// lines for the log and leaves the runtime alone.
final class Notifications {
    static let sendmail = "/usr/sbin/sendmail"
    /// Hooks and mails running at once; more are dropped (and logged) rather than piling up threads.
    static let maxRunning = 32
    static let keptOutputLines = 200

    /// Last output lines by dyno (`job.run`) of runs ended but not recorded yet (RunningProcess keeps them).
    private var output: [String: [String]] = [:]
    var metrics = MetricsState()
    var metricsWritten: MetricsState?
    var metricsError: String?
    var metricsSeeded = false
    var metricsRecorded = 0
    var metricsMark: [Int] = []
    /// Filled by hook threads, emptied into the log by `flush`.
    private let fromThreads = HookInbox()
    var sendmailPath = Notifications.sendmail

    init() {}

    /// Whether a run's last output lines are needed (hooks and mail): other jobs keep none.
    static func wantsOutput(_ job: Job) -> Bool {
        job.onFailure != nil || job.onSuccess != nil || job.onRetry != nil || !(job.mailto ?? "").isEmpty
    }

    /// The last output lines of a run that ended, until its record comes (`recorded`).
    func keepOutput(_ dyno: String, _ lines: [String]) { output[dyno] = lines }

    /// What hooks reported since the last call; rewrites the metrics file when something changed.
    func flush(metrics input: MetricsInput?, finished: Bool) -> [LogLine] {
        var lines = fromThreads.state.withLock { s in defer { s.lines = [] }; return s.lines }
        if let input { lines += writeMetrics(input) }
        if finished { stopHooks() }
        return lines
    }

    /// After a journal record: counts it, runs the hook it calls for, sends mail. `job` is nil for a job the
    /// engine no longer knows; `willRetry` comes from the engine (`Action.record`).
    func recorded(_ r: JournalRecord, willRetry: Bool, job: Job?, context: NotifyContext, now: Instant) -> [LogLine] {
        metrics.record(r)
        metricsRecorded += 1
        let dyno = "\(r.job).\(r.run)"
        let lines = Array((output.removeValue(forKey: dyno) ?? []).suffix(Self.keptOutputLines))
        guard r.status != .skipped, r.status != .unknown, let job, Self.wantsOutput(job) else { return [] }
        let event: RunReport.Event = r.status == .succeeded ? .success : willRetry ? .retry : .failure
        let host = (try? CurrentProcess.hostname()) ?? "localhost"
        let report = RunReport(record: r, event: event, output: Array(lines.suffix(HookRunner.keptLines)), host: host)
        let hook = [RunReport.Event.failure: job.onFailure, .success: job.onSuccess, .retry: job.onRetry][event] ?? nil
        if let hook { start(hookRequest(hook, job: job, report: report, context), dyno: dyno, now: now) }
        guard let to = job.mailto, !to.isEmpty, Self.wantsMail(job.mailOn, event: event, hasOutput: !lines.isEmpty) else { return [] }
        var full = report
        full.output = lines
        return mail(full, to: to, job: job, context, dyno: dyno, now: now)
    }

    /// cron's rule for "output"; "failure" after the last retry; "always" once per run.
    static func wantsMail(_ on: MailOn, event: RunReport.Event, hasOutput: Bool) -> Bool {
        switch on {
        case .failure: return event == .failure
        case .output: return hasOutput
        case .always: return event != .retry
        }
    }

    private func hookRequest(_ line: String, job: Job, report: RunReport, _ c: NotifyContext) -> HookRequest {
        let id = RunID(job: job.name, run: report.record.run, attempt: report.record.attempt)
        let launch = LaunchRequest(job: job, id: id, scheduledAt: report.record.scheduledAt, takeLock: false)
        var env = (try? JobEnvironment.environment(for: launch, daemon: c.environment, zone: c.zone))
            ?? c.environment.filter { JobEnvironment.passedThrough.contains($0.key) }
        env.merge(report.variables(zone: c.zone)) { _, new in new }
        var shell: ShellProgram = "/bin/sh"
        if case .shell(_, let s) = job.command { shell = s }
        return HookRequest(label: report.event.rawValue, executable: shell.path, arguments: shell.arguments + ["-c", line], environment: env,
                           directory: JobEnvironment.workingDirectory(job, home: c.environment["HOME"]),
                           timeout: c.hookTimeout)
    }

    /// Pipes the report to sendmail; a missing sendmail is a log line.
    private func mail(_ report: RunReport, to: String, job: Job, _ c: NotifyContext, dyno: String, now: Instant) -> [LogLine] {
        guard FileSystem.exists(sendmailPath) else {
            return [LogLine(time: now, dyno: dyno, message: "Not mailing \(to): \(sendmailPath) is missing")]
        }
        let text = report.mail(to: to, command: Engine.commandText(job.command), zone: c.zone)
        let env = c.environment.filter { JobEnvironment.passedThrough.contains($0.key) }
        start(HookRequest(label: "mail to \(to)", executable: sendmailPath, arguments: ["-i", "-t"], environment: env,
                          timeout: c.hookTimeout, input: Array(text.utf8)), dyno: dyno, now: now)
        return []
    }

    /// Starts a hook thread unless too many run; its result comes back through `fromThreads`.
    func start(_ request: HookRequest, dyno: String, now: Instant) {
        let admitted = fromThreads.state.withLock { s -> Bool in
            guard s.running < Self.maxRunning else {
                s.lines.append(LogLine(time: now, dyno: dyno, message: "Not running \(request.label): \(Self.maxRunning) hooks already running"))
                return false
            }
            s.running += 1
            return true
        }
        guard admitted else { return }
        let inbox = fromThreads  // only the inbox crosses to the hook's thread
        let outputDyno = Self.outputDyno(request.label, dyno: dyno)
        let line: @Sendable (String) -> Void = { text in
            let l = LogLine(time: Instant(nanoseconds: SystemClock.realtime()), source: .app, dyno: outputDyno, message: text)
            inbox.state.withLock { $0.lines.append(l) }
        }
        HookRunner.start(request, started: { pid in _ = inbox.state.withLock { $0.groups.insert(pid) } }, line: line) { result in
            let lines = Notifications.logLines(result, label: request.label, dyno: dyno)
            inbox.state.withLock { s in s.running -= 1; s.lines += lines; s.groups.remove(result.pid) }
        }
    }

    /// The daemon is exiting: hooks still running get SIGTERM (their threads end with the process).
    func stopHooks() {
        for pid in fromThreads.state.withLock({ $0.groups }) { try? Signals.sendToGroup(.term, pid) }
    }

    /// The dyno of a hook's output lines, Heroku style: `backup.4.on_failure`, `backup.4.mail`.
    static func outputDyno(_ label: String, dyno: String) -> String {
        dyno + "." + (label.hasPrefix("mail") ? "mail" : label)
    }

    /// The line that records how the hook ended (its output went to the log as it came, as app lines).
    static func logLines(_ r: HookResult, label: String, dyno: String) -> [LogLine] {
        let now = Instant(nanoseconds: SystemClock.realtime())
        let what: String
        if let e = r.error { what = "\(label) could not start: \(e)" } else if r.timedOut {
            what = "\(label) timed out and was stopped" + (r.status.map { " (\(exitText($0)))" } ?? "")
        } else if let status = r.status {
            what = "\(label) \(exitText(status))"
        } else {
            what = "\(label) ended with an unknown status"
        }
        return [LogLine(time: now, dyno: dyno, message: what)]
    }

    /// "exited with status 7" or "exited on signal 15 (SIGTERM)", as job ends are logged.
    static func exitText(_ s: TerminationStatus) -> String {
        switch s {
        case .exited(let c): return "exited with status \(c)"
        case .signaled(let sig, _): return "exited on signal \(sig.rawValue) (\(sig.name))"
        }
    }
}

/// What hook threads hand back to the loop: log lines, how many hooks run, their process groups.
final class HookInbox: Sendable {
    let state = Mutex<(lines: [LogLine], running: Int, groups: Set<Int32>)>(([], 0, []))
}
