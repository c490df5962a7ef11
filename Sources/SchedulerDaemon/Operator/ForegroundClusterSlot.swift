import SchedulerCore
import SystemCalls

/// `scheduler run JOB` of a cluster job: the run is a `manual` row of the slot table, claimed like the
/// daemon's claims (cluster-wide overlap, unless --no-lock), marked running, ended with its status. It needs
/// no daemon on this machine: the row carries its own heartbeat, refreshed every lease/3 by a thread of
/// this process while the job runs, so other nodes see the run up (and, if this machine dies, record it
/// `unknown` after the lease, without retrying it).
final class ForegroundClusterSlot: @unchecked Sendable {
    let store: PostgresClusterStore
    let settings: ClusterSettings
    let node: String
    let claim: SlotClaim
    let say: (String) -> Void
    private var stopBeating: Mailbox<Bool>?
    private var beatingStopped: Mailbox<Bool>?

    private init(store: PostgresClusterStore, settings: ClusterSettings, node: String, claim: SlotClaim, say: @escaping (String) -> Void) {
        self.store = store; self.settings = settings; self.node = node; self.claim = claim; self.say = say
    }

    /// What the cluster says about starting the run.
    enum Decision {
        /// Claimed: run it and report through the slot.
        case run(ForegroundClusterSlot)
        /// Not a cluster job, or the database is away with `when_unreachable = "run"`: run it, no row.
        case runUnrecorded
        /// Don't run it (a run is up elsewhere, or the database is away with "skip"); the reason was said.
        case refuse
    }

    /// Claims a manual slot for run `run` of `job`. A run up on any node refuses it (`overlap = "skip"`) or
    /// waits for its end (`"queue"` or --wait); --no-lock claims regardless.
    static func decide(job: Job, run: Int, config: Config, environment: [String: String], lockMode: ForegroundRun.LockMode,
                      say: @escaping (String) -> Void) -> Decision {
        guard let settings = config.cluster, job.isClusterScoped(in: config) else { return .runUnrecorded }
        let store: PostgresClusterStore
        do { store = try PostgresClusterStore(settings: settings, environment: environment) } catch {
            say("scheduler: \(error)")
            return .refuse
        }
        let node = settings.node ?? ((try? CurrentProcess.hostname()) ?? "localhost")
        let held = lockMode != .ignore && job.overlap != .allow
        let wait = lockMode == .wait || job.overlap == .queue
        var waiting = false
        do {
            _ = try store.prepare()
            for _ in 0..<10 {
                let c = SlotClaim(job: job.name, scheduledAt: Instant(nanoseconds: SystemClock.realtime()), attempt: 1, kind: .manual,
                                  run: run, overlapHeld: held, foreground: true)
                switch try store.claim([c], node: node, cluster: settings.name, lease: settings.lease).first ?? .lost(node: "") {
                case .won:
                    return .run(ForegroundClusterSlot(store: store, settings: settings, node: node, claim: c, say: say))
                case .busy(let other) where wait:
                    if !waiting { say("scheduler: waiting for the run of \(job.name) on \(other) to finish…"); waiting = true }
                    SystemClock.sleep(nanoseconds: 1_000_000_000)
                case .busy(let other):
                    say("scheduler: \(job.name) is already running on \(other) (cluster-wide overlap)")
                    say("hint: 'scheduler run --wait \(job.name)' waits for it; '--no-lock' runs it anyway; 'scheduler ps --cluster' shows it")
                    store.disconnect()
                    return .refuse
                case .lost, .unreachable:
                    continue  // another manual run took the same microsecond: claim the next one
                }
            }
        } catch {
            store.disconnect()
            return unreachable(job, settings, "\(error)", say: say)
        }
        return .refuse
    }

    private static func unreachable(_ job: Job, _ settings: ClusterSettings, _ error: String, say: (String) -> Void) -> Decision {
        guard settings.whenUnreachable == .run else {
            say("scheduler: the cluster database can't be reached (\(error)): not running \(job.name) (when_unreachable = \"skip\")")
            return .refuse
        }
        say("scheduler: warning: the cluster database can't be reached (\(error)); running \(job.name) here, unrecorded in "
            + "the cluster: it may also run on another node (when_unreachable = \"run\")")
        return .runUnrecorded
    }

    /// The job's process started: the row says so, and this process heartbeats for it until `ended`.
    func started(pid: Int32) {
        do {
            try store.started([SlotStart(job: claim.job, scheduledAt: claim.scheduledAt, attempt: 1, run: claim.run, pid: pid)],
                              node: node, cluster: settings.name)
        } catch {
            say("scheduler: warning: can't record the start in the cluster database: \(error)")
        }
        startBeating()
    }

    /// Stops the heartbeat and records the end (status and exit code) in the row.
    func ended(_ status: RunStatus, exitCode: Int32?) {
        if let stop = stopBeating, let stopped = beatingStopped { stop.post(true); _ = stopped.take() }
        defer { store.disconnect() }
        do {
            try store.finished([SlotEnd(job: claim.job, scheduledAt: claim.scheduledAt, attempt: 1, status: status, exitCode: exitCode)],
                               node: node, cluster: settings.name)
        } catch {
            say("scheduler: warning: can't record the end in the cluster database (\(error)); the other nodes record the run unknown after lease")
        }
    }

    /// Every lease/3, on a thread of its own (the store is the thread's until `ended` stops it): a failed
    /// heartbeat is retried at the next one on a new connection.
    private func startBeating() {
        guard let stop = try? Mailbox<Bool>(pollable: true), let stopped = try? Mailbox<Bool>(pollable: false),
              let fd = stop.descriptor else { return }
        stopBeating = stop; beatingStopped = stopped
        let interval = settings.lease.nanoseconds / 3
        Threads.detach { [self] in
            while ((try? Poll.wait([(fd, .readable)], timeout: interval)) ?? []).first?.isEmpty ?? true {
                do { try store.touch(claim, node: node, cluster: settings.name) } catch { store.disconnect() }
            }
            stopped.post(true)
        }
    }
}
