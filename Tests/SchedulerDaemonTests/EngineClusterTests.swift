import SchedulerCore
import Testing
@testable import SchedulerDaemon

/// Cluster jobs in the pure engine: every start is claimed; several engines on one in-memory slot table.
@Suite struct EngineClusterTests {
    static func clusterJob(_ name: String, every: Int64 = 1, _ edit: (inout Job) -> Void = { _ in }) -> Job {
        job(name, every: every) { $0.scope = .cluster; edit(&$0) }
    }

    /// Three nodes, five jobs every second for 300 s: every slot runs exactly once, and each node runs
    /// roughly a third of them (rendezvous hashing, `claim_grace` for the others).
    @Test func threeNodesRunEachSlotOnceAndShareTheWork() {
        var clock = Instant(seconds: 1_000)
        let store = MemoryClusterStore { clock }
        let names = ["web1", "web2", "web3"]
        let jobs = (1...5).map { Self.clusterJob("j\($0)") }
        var sims = names.map { node in
            var s = Sim(jobs, cluster: ClusterContext(node: node)) { c in (try? store.claim([c], node: node, cluster: "default", lease: .seconds(30)))?[0] ?? .unreachable("") }
            s.engine.clusterNodesSeen(names)
            s.onRecord = { r in try? store.finished([SlotEnd(job: r.job, scheduledAt: r.scheduledAt, attempt: r.attempt, status: r.status)], node: node, cluster: "default") }
            return s
        }
        for t in Int64(1_001)...1_300 {
            clock = Instant(seconds: t)
            for i in sims.indices {
                _ = try? store.heartbeat(NodeBeat(cluster: "default", node: names[i], host: names[i], pid: 1, zone: "UTC", configHash: "", lease: .seconds(30)))
                sims[i].run(until: t)
                while let id = sims[i].running.first { sims[i].exit(id) }
            }
        }
        var perSlot: [String: Int] = [:]
        for s in sims { for l in s.launches { perSlot["\(l.job.name)@\(l.scheduledAt.seconds)", default: 0] += 1 } }
        #expect(perSlot.values.allSatisfy { $0 == 1 })
        #expect(perSlot.count >= 5 * 298)
        let shares = sims.map(\.launches.count)
        #expect(shares.allSatisfy { $0 > 400 && $0 < 600 }, "shares \(shares)")
        #expect(store.rows.count == perSlot.count && store.rows.values.allSatisfy { $0.finished && $0.status == "succeeded" })
    }

    @Test func hashSharesThreeHundredSlotsRoughlyEvenly() {
        let nodes = ["web1", "web2", "web3"]
        var wins: [String: Int] = [:]
        for s in 0..<300 { wins[Rendezvous.preferred(among: nodes, job: "report", slot: Instant(seconds: 1_700_000_000 + Int64(s) * 60))!, default: 0] += 1 }
        #expect(wins.count == 3 && wins.values.allSatisfy { $0 >= 75 && $0 <= 125 }, "\(wins)")
        // A node leaving moves only its own slots.
        for s in 0..<300 {
            let slot = Instant(seconds: 1_700_000_000 + Int64(s) * 60)
            let before = Rendezvous.preferred(among: nodes, job: "report", slot: slot)!
            if before != "web3" { #expect(Rendezvous.preferred(among: ["web1", "web2"], job: "report", slot: slot) == before) }
        }
    }

    @Test func preferredNodeClaimsAtOnceOthersAfterGrace() {
        let nodes = ["web1", "web2"]
        let slot = Instant(seconds: 1_010)
        let preferred = Rendezvous.preferred(among: nodes, job: "a", slot: slot)!
        let other = nodes.first { $0 != preferred }!
        var p = Sim([Self.clusterJob("a", every: 10)], cluster: ClusterContext(node: preferred))
        var o = Sim([Self.clusterJob("a", every: 10)], cluster: ClusterContext(node: other))
        p.engine.clusterNodesSeen(nodes); o.engine.clusterNodesSeen(nodes)
        p.run(until: 1_010); o.run(until: 1_010)
        #expect(p.claims.map(\.scheduledAt) == [slot] && o.claims.isEmpty)
        o.run(until: 1_011)
        #expect(o.claims.map(\.scheduledAt) == [slot] && o.claims[0].kind == .scheduled)
        #expect(p.launches.isEmpty, "nothing starts before the claim is answered")
    }

    @Test func lostClaimsAreLoggedOncePerNode() {
        var s = Sim([Self.clusterJob("a")], cluster: ClusterContext(node: "web1", claimGrace: .zero)) { _ in .lost(node: "web2") }
        s.run(until: 1_030)
        #expect(s.launches.isEmpty && s.claims.count == 30)
        #expect(s.logs.filter { $0.message.hasPrefix("Claimed by web2") }.count == 1)
        s.run(until: 1_061)
        #expect(s.logs.filter { $0.message.hasPrefix("Claimed by web2") }.map(\.message).last
                == "Claimed by web2 (and 59 more slots by other nodes since the last message)")
    }

    @Test func busyElsewhereSkipsOrQueues() {
        var skip = Sim([Self.clusterJob("a", every: 10)], cluster: ClusterContext(node: "web1", claimGrace: .zero)) { _ in .busy(node: "web2") }
        skip.run(until: 1_010)
        #expect(skip.statuses() == [] && skip.engine.pendingSkips("a") == 1 && skip.said("Skipping: a run is still up on web2"))

        var answers: [ClaimOutcome] = [.busy(node: "web2"), .busy(node: "web2"), .won]
        var queue = Sim([Self.clusterJob("a", every: 10) { $0.overlap = .queue }], cluster: ClusterContext(node: "web1", claimGrace: .zero)) { _ in answers.removeFirst() }
        queue.run(until: 1_015)
        #expect(queue.claims.count == 3 && queue.launchSeconds == [1_012] && queue.launches[0].scheduledAt.seconds == 1_010)
    }

    @Test func unreachableSkipsOrRunsAsConfigured() {
        var skip = Sim([Self.clusterJob("a", every: 10)], cluster: ClusterContext(node: "web1", claimGrace: .zero)) { _ in .unreachable("refused") }
        skip.run(until: 1_020)
        #expect(skip.launches.isEmpty && skip.engine.pendingSkips("a") == 2)
        skip.engine.shutdown(at: skip.now); skip.tick()
        #expect(skip.statuses() == [.skipped] && skip.records[0].count == 2)
        var run = Sim([Self.clusterJob("a", every: 10)], cluster: ClusterContext(node: "web1", claimGrace: .zero, whenUnreachable: .run)) { _ in .unreachable("refused") }
        run.run(until: 1_010); run.exit(); run.run(until: 1_020)
        #expect(run.launches.count == 2)
    }

    @Test func hostJobsNeverClaim() {
        var s = Sim([job("h", every: 10)], cluster: ClusterContext(node: "web1")) { _ in .lost(node: "x") }
        s.run(until: 1_010); s.exit(); s.run(until: 1_020)
        #expect(s.claims.isEmpty && s.launches.count == 2)
    }

    @Test func retriesAndManualRunsAreClaimedWithTheirKind() {
        var s = Sim([Self.clusterJob("a", every: 100) { $0.retry = RetryPolicy(attempts: 1, delay: .seconds(1)) }],
                    cluster: ClusterContext(node: "web1", claimGrace: .zero)) { _ in .won }
        s.run(until: 1_100)
        s.exit(nil, .exited(1))
        s.run(until: 1_103)
        #expect(s.claims.map(\.kind) == [.scheduled, .retry] && s.claims.map(\.attempt) == [1, 2])
        s.exit()
        s.engine.triggerNow("a", at: s.now); s.tick()
        #expect(s.claims.last?.kind == .manual && s.launches.count == 3)
    }

    @Test func aDeadNodesRunIsRetriedHereWhenRetriesRemain() {
        var s = Sim([Self.clusterJob("a", every: 1000) { $0.retry = RetryPolicy(attempts: 2) }],
                    cluster: ClusterContext(node: "web1", claimGrace: .zero)) { _ in .won }
        s.engine.runLostOnNode("a", node: "web2", scheduledAt: Instant(seconds: 990), attempt: 1, at: s.now); s.tick()
        #expect(s.claims.map(\.attempt) == [2] && s.claims[0].kind == .retry && s.launches.count == 1)
        s.engine.runLostOnNode("a", node: "web2", scheduledAt: Instant(seconds: 980), attempt: 3, at: s.now); s.tick()
        #expect(s.launches.count == 1 && s.said("recorded as unknown"))
    }
}
