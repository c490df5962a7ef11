#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresTestSupport
import SystemCalls
import Testing

/// Nodes that die, daemons that crash and come back, and names two daemons both want.
@Suite struct ClusterFailureTests {
    /// A job that runs `seconds`, with a retry; each start adds a line to $HOME/marks.
    static func long(_ seconds: Int) -> String {
        "[jobs.long]\ncommand = \"echo $$ >> \\\"$HOME/marks\\\"; exec sleep \(seconds)\"\ncron = \"0 0 1 1 *\"\nretry = 1\n"
            + "[daemon]\nshutdown_grace = \"1s\"\n"
    }

    /// Power loss on a node: its daemon and its job's process group die without a word. After the lease the
    /// other node records the run `unknown` and, with a retry left, runs attempt 2 itself.
    @Test func aDeadNodesRunIsRecordedUnknownAndRetriedElsewhere() throws {
        let db = try PrivatePostgres.shared()
        let cluster = "dead-node"
        let a = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: "a", lease: "3s", jobs: Self.long(60)))
        let b = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: "b", lease: "3s", jobs: Self.long(60)))
        let pa = try a.startDaemon()
        let pb = try b.startDaemon()
        #expect(try a.run(["trigger", "long"]).status == 0)
        #expect(a.waitUntil { ClusterTest.slots(db, cluster, "status", where: "node = 'a'").first?.first == "running" })
        let jobs = a.jobPids()
        a.kill(pa)
        for p in jobs { try? Signals.sendToGroup(.kill, p) }
        let retried = b.waitUntil {
            let rows = ClusterTest.slots(db, cluster, "attempt, node, status")
            return rows.count == 2 && rows[0] == ["1", "a", "unknown"] && rows[1][1] == "b" && rows[1][2] == "running"
        }
        #expect(retried, "\(ClusterTest.slots(db, cluster, "*"))\n\(b.read(b.log))")
        #expect(b.read(b.log).contains("Node a stopped heartbeating"))
        #expect(ClusterTest.stop(b, pb).status == 0)
    }

    /// Only the daemon crashes; its job lives on, and the daemon is back within the lease: it heartbeats for
    /// the run again, so nobody retries it elsewhere, and when it ends its row is closed.
    @Test func aDaemonRestartedWithinTheLeaseKeepsItsRunUp() throws {
        let db = try PrivatePostgres.shared()
        let cluster = "adopt"
        // The run outlasts the lease (10 s), so a node that stopped heartbeating for it would be noticed.
        let jobs = Self.long(14)
        let a = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: "a", lease: "10s", jobs: jobs))
        let b = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: "b", lease: "10s", jobs: jobs))
        let pa = try a.startDaemon()
        let pb = try b.startDaemon()
        #expect(try a.run(["trigger", "long"]).status == 0)
        #expect(a.waitUntil { ClusterTest.slots(db, cluster, "status", where: "node = 'a'").first?.first == "running" })
        a.kill(pa)  // the daemon only: the job runs on in its own session
        let again = try a.startDaemon()
        #expect(a.waitUntil { a.read(a.log).contains("Started by a previous daemon") })
        // The run ends by itself; the restarted daemon notices and closes its row.
        let closed = a.waitUntil { ClusterTest.count(db, cluster, where: "finished_at IS NOT NULL") >= 1 }
        let rows = ClusterTest.slots(db, cluster, "attempt, node, status")
        #expect(closed && rows == [["1", "a", "unknown"]], "\(rows)\n\(a.read(a.log))")
        #expect(!b.read(b.log).contains("stopped heartbeating"), "\(b.read(b.log))")
        let marks = [a, b].flatMap { $0.read($0.dir + "/marks").split(separator: "\n") }
        #expect(marks.count == 1, "a second copy ran: \(marks)")
        // The job is free again across the cluster: a new run is claimed and starts.
        #expect(try b.run(["trigger", "long"]).status == 0)
        #expect(b.waitUntil { ClusterTest.count(db, cluster, where: "status = 'running'") == 1 })
        #expect(ClusterTest.stop(a, again).status == 0)
        #expect(ClusterTest.stop(b, pb).status == 0)
    }

    /// A second live daemon under a node name another process heartbeats with refuses to go on, naming it.
    @Test func aSecondDaemonWithTheSameNodeNameRefusesNamingTheFirst() throws {
        let db = try PrivatePostgres.shared()
        let cluster = "same-name"
        let jobs = "[jobs.c]\ncommand = \"true\"\nevery = \"1s\"\n[jobs.h]\ncommand = \"true\"\nevery = \"1s\"\nscope = \"host\"\n"
        let first = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: "web1", jobs: jobs))
        // The second one also has a catch-up due at start: its first batch carries a claim, which must not
        // keep it from stopping.
        let catchUp = "[jobs.k]\ncommand = \"true\"\nevery = \"366d\"\ncatch_up = true\n"
        let second = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: "web1", jobs: jobs + catchUp))
        try ClusterTest.seedOldRun(second, job: "k")
        let p1 = try first.startDaemon()
        #expect(first.waitUntil { ClusterTest.count(db, cluster, where: "status = 'succeeded'") >= 1 })
        let p2 = try second.start(["daemon"], name: "second")
        let out = second.finish(p2, name: "second", timeout: 30)
        let said = out.err + second.read(second.log)
        #expect(out.status == 1, "\(out)")
        #expect(said.contains("node name 'web1' is in use by pid \(p1)"), "\(said)")
        #expect(!ClusterTest.history(second).contains { $0.hasPrefix("c@") || $0.hasPrefix("k@2") }, "the refused daemon ran a cluster job")
        // The first one is untouched.
        let before = ClusterTest.history(first).count
        #expect(first.waitUntil { ClusterTest.history(first).count >= before + 2 })
        #expect(ClusterTest.stop(first, p1).status == 0)
    }
}
