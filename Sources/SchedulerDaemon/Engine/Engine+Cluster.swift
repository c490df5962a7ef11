import SchedulerCore

/// What the engine knows of `[cluster]`: who it is and how it claims.
public struct ClusterContext: Sendable, Equatable {
    public var node: String
    public var claimGrace: Duration
    public var whenUnreachable: WhenUnreachable
    public init(node: String, claimGrace: Duration = .seconds(1), whenUnreachable: WhenUnreachable = .skip) {
        self.node = node; self.claimGrace = claimGrace; self.whenUnreachable = whenUnreachable
    }
}

/// Cluster jobs: every start goes through a claim; the runtime asks the database and answers with
/// `claimResolved`. The engine does no I/O: it emits `.claim` and reacts to the outcome.
extension Engine {
    /// For a cluster job, queues a claim instead of launching; false for host jobs (launch them).
    mutating func claimInstead(_ name: String, run: Int?, attempt: Int, scheduledAt: Instant, kind: SlotKind, now: Instant) -> Bool {
        guard let cluster, var st = jobs[name], st.job.scope == .cluster else { return false }
        let c = SlotClaim(job: name, scheduledAt: scheduledAt, attempt: attempt, kind: attempt > 1 ? .retry : kind,
                          run: run ?? 0, overlapHeld: st.job.overlap != .allow)
        var pending = PendingClaim(claim: c, sendAt: nil)
        // The slot's preferred node claims at once; the others give it `claim_grace` first.
        if c.kind == .scheduled || c.kind == .catchUp, cluster.claimGrace > .zero, !isPreferred(name, scheduledAt) {
            pending.sendAt = now + cluster.claimGrace
        } else {
            outbox.append(.claim(c))
        }
        st.claims.append(pending)
        jobs[name] = st
        return true
    }

    /// What a start became: run 0 is the placeholder `launch` returns for a claim.
    /// Static: as a method on `self`, `started(launch(...))` would copy the engine before `launch` mutates
    /// it, and the copy would make that mutation duplicate every job's state (copy-on-write).
    static func started(_ id: RunID) -> TriggerResult { id.run == 0 ? .claiming : .started(id) }

    /// Sends the job's claims whose grace has passed.
    mutating func sendDueClaims(_ name: String, now: Instant) {
        guard let st = jobs[name], st.claims.contains(where: { $0.sendAt.map { $0 <= now } ?? false }) else { return }
        for i in st.claims.indices where st.claims[i].sendAt.map({ $0 <= now }) ?? false {
            jobs[name]?.claims[i].sendAt = nil
            outbox.append(.claim(st.claims[i].claim))
        }
    }

    /// A reload changed `claim_grace` or `when_unreachable` (the node's name is fixed until a restart).
    public mutating func clusterRulesChanged(claimGrace: Duration, whenUnreachable: WhenUnreachable) {
        cluster?.claimGrace = claimGrace; cluster?.whenUnreachable = whenUnreachable
    }

    /// The nodes alive by heartbeat (the runtime reports them after each heartbeat).
    public mutating func clusterNodesSeen(_ nodes: [String]) { liveNodes = Array(Set(nodes)).sorted() }

    /// True when this node is the slot's preferred node among the live ones (rendezvous hashing).
    func isPreferred(_ job: String, _ slot: Instant) -> Bool {
        guard let cluster else { return true }
        let nodes = liveNodes.contains(cluster.node) ? liveNodes : liveNodes + [cluster.node]
        return Rendezvous.preferred(among: nodes, job: job, slot: slot) == cluster.node
    }

    /// The database's answer to `.claim(c)`.
    public mutating func claimResolved(_ c: SlotClaim, _ outcome: ClaimOutcome, at now: Instant) {
        guard var st = jobs[c.job], let i = st.claims.firstIndex(where: { $0.claim == c && $0.sendAt == nil }) else { return }
        st.claims.remove(at: i)
        jobs[c.job] = st
        let run: Int? = c.run == 0 ? nil : c.run
        switch outcome {
        case .won:
            guard shutdownDeadline == nil, !st.removed else { return endUnstarted(c, now: now) }
            // A run of the job started here since the claim was sent: this node's own run still holds. The won
            // row is ended (skipped), or the job would look busy across the cluster for good.
            if c.attempt == 1, st.job.overlap != .allow, st.busy {
                say(c.job, "Skipping: previous run still up since \(stamp(busySince(st) ?? now))", now)
                return endUnstarted(c, now: now)
            }
            launch(c.job, run: run, attempt: c.attempt, scheduledAt: c.scheduledAt, now: now, claimed: true)
        case .lost(let node):
            // Most slots go to other nodes by design: one line a minute says so, not one per slot.
            if let last = st.claimedLoggedAt, now - last < Engine.skipLogInterval {
                jobs[c.job]?.claimsLostSilently += 1
            } else {
                let more = st.claimsLostSilently > 0 ? " (and \(st.claimsLostSilently) more slots by other nodes since the last message)" : ""
                say(c.job, "Claimed by \(node.isEmpty ? "another node" : node)\(more)", now)
                jobs[c.job]?.claimedLoggedAt = now; jobs[c.job]?.claimsLostSilently = 0
            }
        case .busy(let node):
            if st.job.overlap == .queue, shutdownDeadline == nil, st.runnable {
                // Queued across nodes: ask again until the run on the other node has ended.
                jobs[c.job]?.claims.append(PendingClaim(claim: c, sendAt: now + Engine.queueRecheck))
            } else {
                _ = skip(c.job, scheduledAt: c.scheduledAt, now: now, reason: "a run is still up on \(node)")
            }
        case .unreachable:
            if cluster?.whenUnreachable == .run, shutdownDeadline == nil {
                launch(c.job, run: run, attempt: c.attempt, scheduledAt: c.scheduledAt, now: now, claimed: true)
            } else {
                _ = skip(c.job, scheduledAt: c.scheduledAt, now: now, reason: "the cluster database can't be reached")
            }
        }
    }

    /// How often a queued cluster run asks whether the run on another node has ended.
    static let queueRecheck: Duration = .seconds(1)

    /// A won claim that will not start (shutdown, job removed): recorded as skipped so its row ends.
    private mutating func endUnstarted(_ c: SlotClaim, now: Instant) {
        let run = c.run == 0 ? takeRunNumber(c.job) : c.run
        outbox.append(.record(JournalRecord(job: c.job, run: run, attempt: c.attempt, scheduledAt: c.scheduledAt,
                                            startedAt: now, endedAt: now, status: .skipped)))
    }

    /// Another node died with this run up (the runtime recorded it `unknown` in the table): when retries
    /// remain, this node claims the next attempt. A foreground `scheduler run` is not `retriable`.
    public mutating func runLostOnNode(_ job: String, node: String, scheduledAt: Instant, attempt: Int, retriable: Bool = true,
                                       at now: Instant) {
        guard let st = jobs[job], st.runnable, shutdownDeadline == nil, st.job.scope == .cluster else { return }
        let slot = stamp(scheduledAt)
        guard retriable else {
            return say(job, "The foreground run of \(slot) on \(node) stopped proving it is up; recorded as unknown", now)
        }
        guard attempt <= st.job.retry.attempts else {
            return say(job, "Node \(node) stopped heartbeating during the run of \(slot); recorded as unknown", now)
        }
        say(job, "Node \(node) stopped heartbeating during the run of \(slot); recorded as unknown, retrying here", now)
        _ = claimInstead(job, run: nil, attempt: attempt + 1, scheduledAt: scheduledAt, kind: .retry, now: now)
    }
}

/// Rendezvous (highest-random-weight) hashing: every node computes the same preferred node for a slot
/// from the same list of live nodes, and a node joining or leaving moves only its own share.
public enum Rendezvous {
    public static func preferred(among nodes: [String], job: String, slot: Instant) -> String? {
        var best: (score: UInt64, node: String)?
        let key = Delays.fnv1a(job + "\u{0}" + String(slot.nanoseconds / 1000))
        for node in nodes {
            let score = mix(key ^ Delays.fnv1a(node))
            if best == nil || score > best!.score || (score == best!.score && node < best!.node) { best = (score, node) }
        }
        return best?.node
    }

    /// SplitMix64's finalizer: spreads FNV's weak low bits over the whole word.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
