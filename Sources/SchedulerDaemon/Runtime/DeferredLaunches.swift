import SchedulerCore
import SystemCalls

/// Launches that failed for want of file descriptors (EMFILE, ENFILE): they wait here, still "starting"
/// for the engine, and are tried again when a job ends or after `retryInterval`, never recorded as failed.
struct DeferredLaunches {
    static let retryInterval: Duration = .milliseconds(250)
    var requests: [LaunchRequest] = []
    var retryAt: Instant?
    /// Runs the engine stopped (timeout, shutdown) before they could start: reported at the next step.
    var cancelled: [RunID] = []
    /// The stretch was logged (once, until the queue empties).
    var announced = false

    /// Whether `error` means "no descriptor free now", which passes when runs end.
    static func isShortage(_ error: Error) -> Bool {
        guard let e = error as? Errno else { return false }
        return e == .tooManyOpenFiles || e == .fileTableFull
    }
}

extension DaemonRuntime {
    /// Keeps a launch for later; the first of a stretch says so in the log.
    func deferLaunch(_ r: LaunchRequest, reason: String, now: Instant) {
        if !deferred.announced {
            deferred.announced = true
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message:
                "Out of file descriptors (\(reason)): runs wait to start and are retried as running jobs end"))
        }
        deferred.requests.append(r)
        deferred.retryAt = now + DeferredLaunches.retryInterval
    }

    /// The engine stopped a run that has not started: it is dropped from the queue and reported next step.
    func cancelDeferred(_ id: RunID) -> Bool {
        guard let i = deferred.requests.firstIndex(where: { $0.id == id }) else { return false }
        deferred.requests.remove(at: i)
        deferred.cancelled.append(id)
        deferred.retryAt = deferred.retryAt ?? wallNow()
        return true
    }

    /// Before the engine's step: reports cancelled runs, and tries the waiting launches again when due.
    func retryDeferred(now: Instant) {
        for id in deferred.cancelled {
            engine.launchFailed(id, .error("not started: no file descriptor became free before it was stopped"), at: now)
        }
        deferred.cancelled = []
        guard !deferred.requests.isEmpty, let at = deferred.retryAt, at <= now else {
            if deferred.requests.isEmpty { deferred.retryAt = nil }
            return
        }
        let waiting = deferred.requests
        deferred.requests = []
        deferred.retryAt = nil
        for (r, outcome) in zip(waiting, launchAll(waiting, now: now)) {
            switch outcome {
            case .started(let pid): engine.runStarted(r.id, pid: pid, at: now)
            case .failed(let failure): engine.launchFailed(r.id, failure, at: now)
            case .deferred: break  // back in the queue (launchAll put it there)
            }
        }
        if deferred.requests.isEmpty { deferred.announced = false }
    }
}
