import PostgresTestSupport
import SchedulerCore
@testable import SchedulerDaemon
import Testing

/// The slot table's statements against a real PostgreSQL: what a claim lost in a database crash, a start
/// recorded after its end, and a batch retried after an error do to the rows.
@Suite struct PostgresClusterStoreTests {
    static let lease = Duration.seconds(30)

    /// A store on the shared test server, in a cluster namespace of the test's own.
    static func store(_ db: PrivatePostgres, cluster: String) throws -> (PostgresClusterStore, ClusterSettings) {
        var s = ClusterSettings()
        s.url = db.url; s.name = cluster
        let store = try PostgresClusterStore(settings: s, environment: [:])
        _ = try store.prepare()
        return (store, s)
    }

    static func claim(_ job: String, _ at: Int64, attempt: Int = 1) -> SlotClaim {
        SlotClaim(job: job, scheduledAt: Instant(seconds: at), attempt: attempt, kind: .scheduled, run: 1, overlapHeld: false)
    }

    static func row(_ db: PrivatePostgres, _ cluster: String, _ job: String) throws -> [String] {
        try db.query("SELECT node, status, coalesce(pid::text, '') FROM scheduler_slots WHERE cluster = '\(cluster)' AND job = '\(job)'")
            .first ?? []
    }

    @Test func aStartWritesBackAClaimRowTheDatabaseLost() throws {
        let db = try PrivatePostgres.shared()
        let (store, _) = try Self.store(db, cluster: "lost-claim")
        defer { store.disconnect() }
        #expect(try store.claim([Self.claim("a", 1_000)], node: "web1", cluster: "lost-claim", lease: Self.lease) == [.won])
        // As after a database crash within the claim's unflushed commit: the row is gone.
        _ = try db.query("DELETE FROM scheduler_slots WHERE cluster = 'lost-claim'")
        try store.started([SlotStart(job: "a", scheduledAt: Instant(seconds: 1_000), attempt: 1, run: 1, pid: 4242)],
                          node: "web1", cluster: "lost-claim")
        #expect(try Self.row(db, "lost-claim", "a") == ["web1", "running", "4242"])
        // Written back, the slot is claimed again: a second node loses it.
        #expect(try store.claim([Self.claim("a", 1_000)], node: "web2", cluster: "lost-claim", lease: Self.lease) == [.lost(node: "web1")])
    }

    @Test func aStartNeverTakesAnotherNodesRowOrReopensAnEndedOne() throws {
        let db = try PrivatePostgres.shared()
        let (store, _) = try Self.store(db, cluster: "start-rules")
        defer { store.disconnect() }
        #expect(try store.claim([Self.claim("b", 2_000)], node: "web2", cluster: "start-rules", lease: Self.lease) == [.won])
        try store.started([SlotStart(job: "b", scheduledAt: Instant(seconds: 2_000), attempt: 1, run: 7, pid: 1)],
                          node: "web1", cluster: "start-rules")
        #expect(try Self.row(db, "start-rules", "b") == ["web2", "claimed", ""])
        // An end recorded, then (a retried batch) the start again: the row stays ended.
        #expect(try store.claim([Self.claim("c", 2_000)], node: "web1", cluster: "start-rules", lease: Self.lease) == [.won])
        let start = SlotStart(job: "c", scheduledAt: Instant(seconds: 2_000), attempt: 1, run: 1, pid: 99)
        try store.started([start], node: "web1", cluster: "start-rules")
        try store.finished([SlotEnd(job: "c", scheduledAt: Instant(seconds: 2_000), attempt: 1, status: .succeeded, exitCode: 0)],
                           node: "web1", cluster: "start-rules")
        try store.started([start], node: "web1", cluster: "start-rules")
        #expect(try Self.row(db, "start-rules", "c") == ["web1", "succeeded", "99"])
    }

    @Test func claimsStayCorrectAcrossReconnectsWithPreparedStatements() throws {
        let db = try PrivatePostgres.shared()
        let (store, _) = try Self.store(db, cluster: "reconnect")
        for i in 0..<3 {
            #expect(try store.claim([Self.claim("d", 3_000 + Int64(i))], node: "web1", cluster: "reconnect", lease: Self.lease) == [.won])
            #expect(try store.claim([Self.claim("d", 3_000 + Int64(i))], node: "web2", cluster: "reconnect", lease: Self.lease) == [.lost(node: "web1")])
            store.disconnect()  // the next claim parses its statements again on a new connection
        }
        #expect(try db.query("SELECT count(*) FROM scheduler_slots WHERE cluster = 'reconnect'") == [["3"]])
    }
}
