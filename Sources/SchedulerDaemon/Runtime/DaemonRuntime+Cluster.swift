import SchedulerCore
import SystemCalls

/// The daemon's side of `[cluster]`: the coordinator (batches, heartbeats, outages) and the thread that
/// talks to the database; the loop polls the thread's result mailbox and never waits on the network.
public final class ClusterRuntime {
    let coordinator: ClusterCoordinator
    let link: ClusterLink
    /// Names of the cluster-scope jobs of the current config (their runs are recorded in the table).
    var jobs: Set<String>
    var nameTaken = false

    init(coordinator: ClusterCoordinator, link: ClusterLink, jobs: Set<String>) {
        self.coordinator = coordinator; self.link = link; self.jobs = jobs
    }

    /// A hash of the cluster jobs' definitions: nodes running different configs show in `cluster status`.
    public static func configHash(_ config: Config) -> String {
        let text = config.jobs.filter { $0.isClusterScoped(in: config) }.map { "\($0)" }.joined(separator: "\n")
        let h = Delays.fnv1a(text)
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension DaemonRuntime {
    /// Sets up the cluster link when the config has `[cluster]`; nil otherwise.
    static func startCluster(_ config: Config, node: String, host: String, zone: String, options: DaemonOptions,
                             now: Instant) throws -> ClusterRuntime? {
        guard let settings = config.cluster else { return nil }
        let store = try options.clusterStore?(settings) ?? PostgresClusterStore(settings: settings, environment: options.environment)
        let pid = CurrentProcess.id
        let beat = NodeBeat(cluster: settings.name, node: node, host: host, pid: pid, zone: zone,
                            configHash: ClusterRuntime.configHash(config), lease: settings.lease)
        // Our own heartbeat row, or our predecessor's on this host (a restarted daemon adopts its runs).
        let link = try ClusterLink(store: store, settings: settings, node: node) { owner in
            owner.host == host && (owner.pid == pid || !Signals.processExists(owner.pid))
        }
        let jobs = Set(config.jobs.filter { $0.isClusterScoped(in: config) }.map(\.name))
        return ClusterRuntime(coordinator: ClusterCoordinator(settings: settings, node: node, beat: beat, keep: config.daemon.historyKeep, now: now), link: link, jobs: jobs)
    }

    /// After an engine step: hands the step's claims to the coordinator and sends a batch when one is
    /// ready. Returns true when claims were answered at once (the engine must step again).
    func clusterStep(now: Instant) -> Bool {
        guard let c = cluster else { clusterClaims.removeAll(); return false }
        var fed = false
        if !clusterClaims.isEmpty {
            for (claim, outcome) in c.coordinator.claim(clusterClaims, now: now) {
                engine.claimResolved(claim, outcome, at: now); fed = true
            }
            clusterClaims.removeAll(keepingCapacity: true)
        }
        if let batch = c.coordinator.nextBatch(now: now) { c.link.send(batch) }
        return fed
    }

    /// The cluster thread answered: tells the engine what became of its claims, who is alive, and which
    /// runs of dead nodes it may retry.
    func handleClusterResults(now: Instant) {
        guard let c = cluster else { return }
        for result in c.link.results.takeAll() {
            let d = c.coordinator.digest(result, now: now)
            for line in d.logs { pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: line)) }
            if let fatal = d.fatal, !c.nameTaken {
                c.nameTaken = true
                pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Error: " + fatal + "; stopping"))
                exitStatus = 1
                engine.shutdown(at: now)
            }
            if let nodes = d.nodes { engine.clusterNodesSeen(nodes) }
            for (claim, outcome) in d.outcomes { engine.claimResolved(claim, outcome, at: now) }
            for l in d.lost {
                engine.runLostOnNode(l.job, node: l.node, scheduledAt: l.scheduledAt, attempt: l.attempt, retriable: l.retriable, at: now)
            }
        }
        memory.noteWork()
    }

    /// A cluster job's process started: its row says so (and which pid) in the next batch.
    func clusterStarted(_ r: LaunchRequest, pid: Int32) {
        guard let c = cluster, c.jobs.contains(r.id.job) else { return }
        c.coordinator.started(SlotStart(job: r.id.job, scheduledAt: r.scheduledAt, attempt: r.id.attempt, run: r.id.run, pid: pid))
    }

    /// A cluster job's attempt was recorded: its row ends in the next batch.
    func clusterRecorded(_ r: JournalRecord) {
        guard let c = cluster, c.jobs.contains(r.job) else { return }
        c.coordinator.ended(SlotEnd(job: r.job, scheduledAt: r.scheduledAt, attempt: r.attempt, status: r.status, exitCode: r.exitCode))
    }

    /// At exit: waits for the batch in flight, sends what is left (run ends above all) and marks our node
    /// stopped (unless another process holds its name), waits for it too, at most 3 s in all; then ends the
    /// thread. Every run has ended by now (shutdown waits for them), so nothing of ours is left up.
    func clusterFinish() {
        guard let c = cluster, let fd = c.link.results.descriptor else { return }
        c.coordinator.leaving = !c.nameTaken
        let deadline = SystemClock.monotonic() + 3_000_000_000
        var sent = false
        while SystemClock.monotonic() < deadline {
            if !c.coordinator.inFlight {
                guard !sent, let batch = c.coordinator.nextBatch(now: wallNow()) else { break }
                c.link.send(batch); sent = true
            }
            _ = try? Poll.wait([(fd, .readable)], timeout: 100_000_000)
            for r in c.link.results.takeAll() { _ = c.coordinator.digest(r, now: wallNow()) }
        }
        c.link.stop()
    }
}

extension DaemonRuntime {
    /// Why a new config can't be taken without a restart: adding or removing `[cluster]`, or changing its
    /// `node` or `name` (who this daemon is in the table, and the rows of its running runs); nil if it can.
    func clusterRestartNeeded(_ new: Config) -> String? {
        let old = cluster?.coordinator.settings
        let change: String
        switch (old, new.cluster) {
        case (nil, nil): return nil
        case (nil, _): change = "[cluster] was added"
        case (_, nil): change = "[cluster] was removed"
        case (let o?, let n?):
            if o.node != n.node { change = "[cluster] node changed" }
            else if o.name != n.name { change = "[cluster] name changed" }
            else { return nil }
        }
        return change + ": restart the daemon to apply it (systemctl --user restart scheduler); it keeps running the config it has"
    }

    /// A reloaded config: which jobs are cluster jobs, the hash other nodes compare, and the `[cluster]`
    /// settings a reload applies (connection, lease, claim_grace, when_unreachable, keep, durable_claims).
    func clusterReloaded(_ new: Config, now: Instant) {
        guard let c = cluster, let settings = new.cluster else { return }
        c.jobs = Set(new.jobs.filter { $0.isClusterScoped(in: new) }.map(\.name))
        c.coordinator.beat.configHash = ClusterRuntime.configHash(new)
        guard settings != c.coordinator.settings else { return c.coordinator.reload(settings, historyKeep: new.daemon.historyKeep, now: now) }
        c.coordinator.reload(settings, historyKeep: new.daemon.historyKeep, now: now)
        engine.clusterRulesChanged(claimGrace: settings.claimGrace, whenUnreachable: settings.whenUnreachable)
        pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "[cluster] changed: applied; reconnecting to the cluster database"))
    }
}
