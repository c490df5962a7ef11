#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresTestSupport
import SystemCalls
import Testing

/// `[cluster]` with real daemons on the tests' private PostgreSQL: several nodes on one config, each with its
/// own XDG dirs and node name. The tests wait on outcomes (rows, log lines); deadlines only bound a hang.
@Suite struct ClusterDaemonTests {
    /// The issue's case: three nodes, five jobs every second for 60 s (300 slots).
    @Test func threeNodesRunEverySlotExactlyOnceAndShareTheWork() throws {
        let db = try PrivatePostgres.shared()
        let cluster = "three-nodes"
        let jobs = (1...5).map { "[jobs.j\($0)]\ncommand = \"true\"\nevery = \"1s\"\n" }.joined()
            + "[jobs.local]\ncommand = \"true\"\nevery = \"2s\"\nscope = \"host\"\n"
        let nodes = ["web1", "web2", "web3"]
        let boxes = try nodes.map { try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: $0, jobs: jobs)) }
        let pids = try boxes.map { try $0.startDaemon() }
        let enough = boxes[0].waitUntil(timeout: 240) { ClusterTest.count(db, cluster, where: "status = 'succeeded'") >= 300 }
        #expect(enough)
        let stopping = SystemClock.realtime() / 1_000_000_000
        for (box, pid) in zip(boxes, pids) { #expect(ClusterTest.stop(box, pid).status == 0) }

        let rows = ClusterTest.slots(db, cluster, "job, \(ClusterTest.isoColumn), node, status, extract(epoch FROM scheduled_at)::int8")
        let ran = rows.filter { $0[3] == "succeeded" }
        let fromHistories = boxes.flatMap { ClusterTest.history($0) }.filter { !$0.hasPrefix("local@") }
        #expect(Set(fromHistories).count == fromHistories.count, "a slot ran twice")
        let fromTable = Set(ran.map { $0[0] + "@" + $0[1] })
        #expect(Set(fromHistories) == fromTable, "only in histories: \(Set(fromHistories).subtracting(fromTable)), only in the table: \(fromTable.subtracting(fromHistories))")
        // Every claimed row ended: it ran, or (won while its node was stopping) it was recorded skipped.
        let early = rows.filter { $0[3] != "succeeded" && (Int64($0[4]) ?? 0) < stopping - 2 }
        #expect(rows.allSatisfy { $0[3] == "succeeded" || $0[3] == "skipped" } && early.isEmpty, "\(rows.filter { $0[3] != "succeeded" })")
        // No slot missed between the first and the last one claimed.
        for j in 1...5 {
            let span = ClusterTest.aggregate(db, cluster, "count(*), extract(epoch FROM max(scheduled_at) - min(scheduled_at))::int + 1", where: "job = 'j\(j)'")
            #expect(span.count == 2 && span.first == span.last, "j\(j): \(span)")
        }
        // Rendezvous hashing spreads the slots: roughly a third each (binomial spread on 300 slots is ±8%).
        let shares = nodes.map { n in ran.filter { $0[2] == n }.count }
        #expect(shares.allSatisfy { $0 * 100 >= ran.count * 20 && $0 * 100 <= ran.count * 47 }, "shares \(shares) of \(ran.count)")
        // The histories name the node that ran each slot.
        for (box, node) in zip(boxes, nodes) {
            #expect(ClusterTest.records(box).filter { $0["job"] != "local" && $0["status"] == "succeeded" }.allSatisfy { $0["node"] == node })
        }
        // Host-scope jobs run on every node and never touch the table.
        #expect(boxes.allSatisfy { ClusterTest.history($0).contains { $0.hasPrefix("local@") } })
        #expect(!rows.contains { $0[0] == "local" })
    }

    @Test func checkConnectStatusPsAndHistoryAskTheDatabase() throws {
        let db = try PrivatePostgres.shared()
        let cluster = "views"
        let jobs = "[jobs.c]\ncommand = \"sleep 30\"\ncron = \"0 0 1 1 *\"\n[daemon]\nshutdown_grace = \"1s\"\n"
        let box = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: "web1", jobs: jobs))
        let check = try box.run(["check", "--connect"])
        #expect(check.status == 0 && check.out.contains("PostgreSQL 1"), "\(check)")
        let pid = try box.startDaemon()
        #expect(try box.run(["trigger", "c"]).status == 0)
        #expect(box.waitUntil { ClusterTest.slots(db, cluster, "status").first?.first == "running" })
        let ps = try box.run(["ps", "--cluster"])
        #expect(ps.status == 0 && ps.out.contains("c.1") && ps.out.contains("on web1"), "\(ps)")
        let status = try box.run(["cluster", "status"])
        #expect(status.status == 0 && status.out.contains("web1") && status.out.contains("alive"), "\(status)")
        #expect(ClusterTest.stop(box, pid).status == 0)
        let history = try box.run(["history", "--cluster", "--json"])
        #expect(history.out.contains("\"job\":\"c\",\"node\":\"web1\",\"attempt\":1,\"kind\":\"manual\",\"status\":\"killed\""), "\(history)")
        // A database nobody listens on: a clear error, exit 1; the config itself is fine.
        let nobody = "postgres://postgres@127.0.0.1:\(try freePort())/postgres?sslmode=disable"
        try box.writeConfig(ClusterTest.config(url: nobody, cluster: cluster, node: "web1", jobs: jobs))
        let refused = try box.run(["check", "--connect"])
        #expect(refused.status == 1 && refused.err.contains("cluster database"), "\(refused)")
    }

    @Test func checkConnectOnAFreshDatabaseSaysThereAreNoTablesYet() throws {
        let db = try PrivatePostgres.shared()
        try db.execute("CREATE DATABASE fresh_check")
        let url = "postgres://postgres@127.0.0.1:\(db.port)/fresh_check?sslmode=disable"
        let box = try CLISandbox(config: ClusterTest.config(url: url, cluster: "fresh", node: "web1", jobs: "[jobs.c]\ncommand = \"true\"\nevery = \"1h\"\n"))
        let check = try box.run(["check", "--connect"])
        #expect(check.status == 0 && check.out.contains("No cluster tables yet"), "\(check)")
    }
}
