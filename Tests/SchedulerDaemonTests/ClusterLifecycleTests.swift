import SchedulerCore
import Testing
@testable import SchedulerDaemon

/// A node's life in the cluster: a clean stop marks it gone, a reload applies `[cluster]` settings, a lost
/// foreground run is not retried.
@Suite struct ClusterLifecycleTests {
    static let t0 = Instant(seconds: 1_000)

    static func connected() throws -> ClusterCoordinator {
        let c = ClusterCoordinatorTests.coordinator()
        let b = try #require(c.nextBatch(now: t0))
        _ = c.digest(ClusterBatchResult(batch: b, endsDone: true, startsDone: true), now: t0)
        return c
    }

    @Test func aCleanStopSendsTheEndsThenLeavesInsteadOfHeartbeating() throws {
        let c = try Self.connected()
        c.ended(SlotEnd(job: "a", scheduledAt: Self.t0, attempt: 1, status: .killed))
        c.leaving = true
        let b = try #require(c.nextBatch(now: Self.t0 + .seconds(20)))
        #expect(b.leave?.node == "web1" && b.leave?.pid == 7 && b.heartbeat == nil && b.ends.map(\.job) == ["a"])
    }

    @Test func aStoppedNodeIsNotAliveAtOnceAndItsOpenRowsAreReaped() throws {
        var clock = Self.t0
        let store = MemoryClusterStore { clock }
        let web1 = NodeBeat(cluster: "default", node: "web1", host: "h1", pid: 7, zone: "UTC", configHash: "", lease: .seconds(30))
        var web2 = web1; web2.node = "web2"; web2.host = "h2"
        _ = try store.heartbeat(web1)
        #expect(try store.heartbeat(web2) == ["web1", "web2"])
        // A run web1 claimed and never ended (it can't be: shutdown waits for its runs) is not left up.
        _ = try store.claim([ClusterCoordinatorTests.claim("a", 1_000)], node: "web1", cluster: "default", lease: .seconds(30))
        try store.leave(web1)
        clock = clock + .seconds(1)
        #expect(try store.heartbeat(web2) == ["web2"], "gone before its lease ran out")
        #expect(try store.reapDead(cluster: "default", lease: .seconds(30)).map(\.node) == ["web1"])
        // Another process's leave under the same name (a different pid) changes nothing.
        _ = try store.heartbeat(web1)
        var other = web1; other.pid = 8
        try store.leave(other)
        #expect(try store.heartbeat(web2) == ["web1", "web2"])
    }

    @Test func aReloadReconnectsWithTheNewSettingsAndLease() throws {
        let c = try Self.connected()
        var s = c.settings
        c.reload(s, historyKeep: .seconds(60), now: Self.t0)
        #expect(c.nextBatch(now: Self.t0 + .seconds(1)) == nil, "unchanged settings: nothing to send")
        #expect(c.keep == .seconds(60), "keep follows [daemon] history_keep when [cluster] keep is unset")
        s.url = "postgres://other@db2/shop"; s.lease = .seconds(60); s.durableClaims = true
        c.reload(s, historyKeep: .seconds(60), now: Self.t0 + .seconds(1))
        let b = try #require(c.nextBatch(now: Self.t0 + .seconds(1)))
        #expect(b.reconfigure == s && b.prepare && b.heartbeat?.lease == .seconds(60))
        _ = c.digest(ClusterBatchResult(batch: b, endsDone: true, startsDone: true), now: Self.t0 + .seconds(1))
        #expect(c.wake == Self.t0 + .seconds(21), "heartbeats every third of the new lease")
    }

    @Test func aReloadWhileTheDatabaseIsAwayRetriesAtOnce() throws {
        let c = try Self.connected()
        let b = try #require(c.nextBatch(now: Self.t0 + .seconds(10)))
        var failed = ClusterBatchResult(batch: b); failed.error = "connection refused"
        _ = c.digest(failed, now: Self.t0 + .seconds(10))
        #expect(c.nextBatch(now: Self.t0 + .seconds(10)) == nil)
        var s = c.settings; s.url = "postgres://deploy@db2/shop"
        c.reload(s, historyKeep: .seconds(60), now: Self.t0 + .seconds(10))
        #expect(c.nextBatch(now: Self.t0 + .seconds(10))?.reconfigure == s)
    }

    @Test func claimGraceAndWhenUnreachableChangeInTheEngine() {
        var s = Sim([EngineClusterTests.clusterJob("a", every: 1000)], cluster: ClusterContext(node: "web1")) { _ in .unreachable("down") }
        s.engine.clusterRulesChanged(claimGrace: .seconds(5), whenUnreachable: .run)
        s.engine.triggerNow("a", at: s.now); s.tick()
        #expect(s.launches.count == 1, "when_unreachable = \"run\" now runs it")
        #expect(s.engine.cluster?.claimGrace == .seconds(5))
    }

    @Test func aLostForegroundRunIsRecordedButNotRetried() {
        var s = Sim([EngineClusterTests.clusterJob("a", every: 1000) { $0.retry = RetryPolicy(attempts: 2) }],
                    cluster: ClusterContext(node: "web1", claimGrace: .zero)) { _ in .won }
        s.engine.runLostOnNode("a", node: "web2", scheduledAt: Instant(seconds: 990), attempt: 1, retriable: false, at: s.now); s.tick()
        #expect(s.claims.isEmpty && s.launches.isEmpty && s.said("foreground run"))
    }
}
