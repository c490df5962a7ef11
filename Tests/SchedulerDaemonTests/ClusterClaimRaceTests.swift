import PostgresTestSupport
import SchedulerCore
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// Claims of one job from several nodes, or of several slots in one batch, on the real server: never two
/// runs of an overlap-held job at once.
@Suite struct ClusterClaimRaceTests {
    static func stores(_ db: PrivatePostgres, cluster: String, nodes: [String]) throws -> [PostgresClusterStore] {
        var settings = ClusterSettings()
        settings.url = db.url
        settings.name = cluster
        let stores = try nodes.map { _ in try PostgresClusterStore(settings: settings, environment: [:]) }
        _ = try stores[0].prepare()
        for (store, node) in zip(stores, nodes) {
            _ = try store.heartbeat(NodeBeat(cluster: cluster, node: node, host: "h", pid: 1, zone: "UTC", configHash: "", lease: .seconds(30)))
        }
        return stores
    }

    /// `overlap = "skip"` across nodes: two nodes claiming different slots of one job at the same moment
    /// never both win (each would see no run up, as neither had committed yet); one wins, the other is busy.
    @Test func simultaneousClaimsOfOneHeldJobNeverBothWin() throws {
        let db = try PrivatePostgres.shared()
        let nodes = ["a", "b"]
        let stores = try Self.stores(db, cluster: "claim-race", nodes: nodes)
        var bothWon: [Int] = []
        for round in 0..<20 {
            let job = "j\(round)"
            var outcomes: [ClaimOutcome?] = [nil, nil]
            outcomes.withUnsafeMutableBufferPointer { out in
                Threads.concurrentPerform(iterations: 2) { i in
                    let claim = SlotClaim(job: job, scheduledAt: Instant(seconds: 1_000 + Int64(i)), attempt: 1, kind: .scheduled,
                                          run: 1, overlapHeld: true)
                    // Other jobs' claims in the same batch make each statement last long enough to overlap the other's.
                    let filler = (0..<200).map { SlotClaim(job: "f\(round).\(i).\($0)", scheduledAt: Instant(seconds: 1_000), attempt: 1,
                                                           kind: .scheduled, run: 1, overlapHeld: false) }
                    out[i] = (try? stores[i].claim([claim] + filler, node: nodes[i], cluster: "claim-race", lease: .seconds(30)))?.first
                }
            }
            let won = outcomes.filter { $0 == .won }.count
            if won == 2 { bothWon.append(round) }
            #expect(won >= 1 && outcomes.allSatisfy { $0 == .won || $0 == .busy(node: "a") || $0 == .busy(node: "b") }, "round \(round): \(outcomes)")
        }
        #expect(bothWon.isEmpty, "both nodes won in rounds \(bothWon)")
    }

    /// Two slots of one held job in one batch (a late claim after its grace and the next slot's on time):
    /// the statement can't see its own inserts, so only the latest is claimed; the other is busy here.
    @Test func twoSlotsOfOneHeldJobInOneBatchClaimOnlyTheLatest() throws {
        let db = try PrivatePostgres.shared()
        let store = try Self.stores(db, cluster: "claim-batch", nodes: ["a"])[0]
        let claims = [1_002, 1_001].map { SlotClaim(job: "j", scheduledAt: Instant(seconds: $0), attempt: 1, kind: .scheduled, run: 0, overlapHeld: true) }
            + [1_001, 1_002].map { SlotClaim(job: "free", scheduledAt: Instant(seconds: $0), attempt: 1, kind: .scheduled, run: 0, overlapHeld: false) }
        let outcomes = try store.claim(claims, node: "a", cluster: "claim-batch", lease: .seconds(30))
        #expect(outcomes == [.won, .busy(node: "a"), .won, .won])
        let rows = try db.query("SELECT job, extract(epoch FROM scheduled_at)::int FROM scheduler_slots WHERE cluster = 'claim-batch' ORDER BY 1, 2")
        #expect(rows == [["free", "1001"], ["free", "1002"], ["j", "1002"]])
    }
}
