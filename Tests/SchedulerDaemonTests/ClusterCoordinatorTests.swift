import SchedulerCore
import Testing
@testable import SchedulerDaemon

/// The daemon side of the cluster without threads: batches, outages, the node-name check.
@Suite struct ClusterCoordinatorTests {
    static let t0 = Instant(seconds: 1_000)
    static func coordinator() -> ClusterCoordinator {
        var s = ClusterSettings()
        s.lease = .seconds(30)
        let beat = NodeBeat(cluster: "default", node: "web1", host: "h1", pid: 7, zone: "UTC", configHash: "x", lease: s.lease)
        return ClusterCoordinator(settings: s, node: "web1", beat: beat, keep: .seconds(86_400), now: t0)
    }
    static func claim(_ job: String, _ s: Int64) -> SlotClaim {
        SlotClaim(job: job, scheduledAt: Instant(seconds: s), attempt: 1, kind: .scheduled, run: 0, overlapHeld: true)
    }

    @Test func firstBatchPreparesHeartbeatsAndCarriesQueuedClaims() throws {
        let c = Self.coordinator()
        #expect(c.claim([Self.claim("a", 1_000)], now: Self.t0).isEmpty)
        let b = try #require(c.nextBatch(now: Self.t0))
        #expect(b.prepare && b.heartbeat != nil && b.reap && b.claims.map(\.job) == ["a"])
        #expect(c.nextBatch(now: Self.t0) == nil, "one batch at a time")
        var r = ClusterBatchResult(batch: b)
        r.serverVersion = "15.4"; r.nodes = ["web1", "web2"]; r.endsDone = true; r.startsDone = true; r.outcomes = [.won]
        let d = c.digest(r, now: Self.t0)
        #expect(d.logs == ["Cluster 'default': connected as node 'web1' (PostgreSQL 15.4)"])
        #expect(d.nodes == ["web1", "web2"] && d.outcomes.map(\.1) == [.won] && c.claimsWon == 1)
        // The first idle batch deletes old rows; the next heartbeat is a third of the lease later.
        #expect(c.wake == Self.t0)
        let idle = try #require(c.nextBatch(now: Self.t0))
        #expect(idle.retention == .seconds(86_400) && idle.heartbeat == nil && idle.claims.isEmpty)
        _ = c.digest(ClusterBatchResult(batch: idle, endsDone: true, startsDone: true), now: Self.t0)
        #expect(c.wake == Self.t0 + .seconds(10))
    }

    /// A retention batch that deleted a full batch of rows is followed by another a second later, until the
    /// backlog is gone; then every `retentionInterval`.
    @Test func retentionDrainsABacklogThenWaits() throws {
        let c = Self.coordinator()
        var t = Self.t0  // the first batch (no claims) carries the first retention
        for deleted in [ClusterBatch.retentionLimit, ClusterBatch.retentionLimit, 7] {
            let b = try #require(c.nextBatch(now: t))
            #expect(b.retention != nil, "at \(t)")
            var r = ClusterBatchResult(batch: b, endsDone: true, startsDone: true)
            r.deleted = deleted
            _ = c.digest(r, now: t)
            t = t + .seconds(1)
        }
        #expect(c.nextBatch(now: t) == nil && c.wake == Self.t0 + .seconds(10))
        let later = try #require(c.nextBatch(now: Self.t0 + .seconds(10)))  // the heartbeat's batch
        #expect(later.retention == nil && later.heartbeat != nil)
    }

    @Test func anOutageIsOneLineAndKeepsRunEnds() throws {
        let c = Self.coordinator()
        let first = try #require(c.nextBatch(now: Self.t0))
        _ = c.digest(ClusterBatchResult(batch: first, endsDone: true, startsDone: true), now: Self.t0)
        c.ended(SlotEnd(job: "a", scheduledAt: Self.t0, attempt: 1, status: .succeeded))
        _ = c.claim([Self.claim("a", 1_001)], now: Self.t0 + .seconds(1))
        let b = try #require(c.nextBatch(now: Self.t0 + .seconds(1)))
        var failed = ClusterBatchResult(batch: b)
        failed.error = "connection refused"
        let d = c.digest(failed, now: Self.t0 + .seconds(1))
        #expect(d.logs.count == 1 && d.logs[0].hasPrefix("Cluster database unreachable: connection refused; cluster jobs are not started"))
        #expect(d.outcomes.map(\.1) == [.unreachable("connection refused")])
        // While down, claims are answered at once; nothing is sent before the retry time.
        #expect(c.claim([Self.claim("a", 1_002)], now: Self.t0 + .seconds(1)).count == 1)
        #expect(c.nextBatch(now: Self.t0 + .milliseconds(1500)) == nil)
        let retry = try #require(c.nextBatch(now: Self.t0 + .seconds(2)))
        #expect(retry.prepare && retry.ends.map(\.job) == ["a"], "the run's end is sent again")
        var again = ClusterBatchResult(batch: retry); again.error = "connection refused"
        #expect(c.digest(again, now: Self.t0 + .seconds(2)).logs.isEmpty, "one line per outage")
        #expect(c.nextBatch(now: Self.t0 + .seconds(3)) == nil, "the delay grows")
        let third = try #require(c.nextBatch(now: Self.t0 + .seconds(4)))
        let back = c.digest(ClusterBatchResult(batch: third, endsDone: true, startsDone: true), now: Self.t0 + .seconds(12))
        #expect(back.logs == ["Cluster database reachable again (unreachable for 11s)"])
    }

    @Test func aLiveNodeUnderOurNameIsFatal() throws {
        let c = Self.coordinator()
        _ = c.claim([Self.claim("a", 1_000)], now: Self.t0)
        var r = ClusterBatchResult(batch: try #require(c.nextBatch(now: Self.t0)))
        _ = c.claim([Self.claim("b", 1_000)], now: Self.t0)
        r.nameTaken = NodeOwner(host: "other", pid: 42)
        let d = c.digest(r, now: Self.t0)
        #expect(d.fatal?.hasPrefix("node name 'web1' is in use by pid 42 on other") == true)
        // Every claim is answered, none won: the engine stops without waiting for them.
        #expect(d.outcomes.map(\.0.job) == ["a", "b"] && d.outcomes.allSatisfy { if case .unreachable = $0.1 { true } else { false } })
    }

    @Test func aBatchEndsRunsBeforeClaimingSoOverlapSeesThemEnded() throws {
        var clock = Self.t0
        let store = MemoryClusterStore { clock }
        var s = ClusterSettings(); s.lease = .seconds(30)
        var first = ClusterBatch()
        first.prepare = true
        first.heartbeat = NodeBeat(cluster: "default", node: "web1", host: "h", pid: 1, zone: "UTC", configHash: "", lease: s.lease)
        first.claims = [Self.claim("a", 1_000)]
        let r1 = first.execute(on: store, settings: s, node: "web1") { _ in true }
        #expect(r1.outcomes == [.won])
        clock = clock + .seconds(1)
        var second = ClusterBatch()
        second.ends = [SlotEnd(job: "a", scheduledAt: Self.t0, attempt: 1, status: .succeeded)]
        second.claims = [Self.claim("a", 1_001)]
        #expect(second.execute(on: store, settings: s, node: "web1") { _ in true }.outcomes == [.won])
        store.down = true
        let r3 = second.execute(on: store, settings: s, node: "web1") { _ in true }
        #expect(r3.error == "connection refused" && r3.outcomes == nil && !r3.endsDone)
    }
}

@Suite struct ClusterMetricsTests {
    @Test func clusterLinesOnlyWithCluster() {
        var m = MetricsState()
        #expect(!MetricsText.render(m).contains("scheduler_cluster"))
        m.cluster = ClusterMetrics(up: false, claimsWon: 3, claimsLost: 5)
        let text = MetricsText.render(m)
        #expect(text.contains("\nscheduler_cluster_up 0\n"))
        #expect(text.contains("scheduler_cluster_claims_total{result=\"won\"} 3\nscheduler_cluster_claims_total{result=\"lost\"} 5\n"))
    }
}
