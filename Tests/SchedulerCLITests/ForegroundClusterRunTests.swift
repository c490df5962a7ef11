#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresTestSupport
import SystemCalls
import Testing

/// `scheduler run` of cluster jobs, clean stops and reloads of `[cluster]`, on a private PostgreSQL.
@Suite(.serialized) struct ForegroundClusterRunTests {
    static func config(url: String, node: String, cluster extra: String = "", jobs: String) -> String {
        "[cluster]\nurl = \"\(url)\"\nnode = \"\(node)\"\n\(extra)\n[defaults]\ntimezone = \"UTC\"\n\n\(jobs)"
    }

    static func one(_ db: PrivatePostgres, _ sql: String) -> String? { (try? db.query(sql))?.first?.first }

    @Test func aForegroundRunIsAManualSlotThatHoldsOverlapAcrossNodes() throws {
        let db = try PrivatePostgres()
        let go = db.directory + "/go"
        let jobs = "[jobs.slow]\ncommand = \"while [ ! -f \(go) ]; do sleep 0.05; done; exit 3\"\ncron = \"0 0 1 1 *\"\n"
        let a = try CLISandbox(config: Self.config(url: db.url, node: "web1", cluster: "lease = \"3s\"", jobs: jobs))
        let b = try CLISandbox(config: Self.config(url: db.url, node: "web2", cluster: "lease = \"3s\"", jobs: jobs))
        let first = try a.start(["run", "slow"], name: "first")
        #expect(a.waitUntil(timeout: 30) { Self.one(db, "SELECT status FROM scheduler_slots WHERE node = 'web1'") == "running" })
        // Past the lease, with no daemon anywhere, the run's own heartbeat still proves it up.
        #expect(a.waitUntil(timeout: 30) { Self.one(db, "SELECT now() - claimed_at > interval '4.5 s' FROM scheduler_slots") == "t" })
        let refused = try b.run(["run", "slow"])
        #expect(refused.status == 1 && refused.err.contains("already running on web1"), "\(refused)")
        let ps = try b.run(["ps", "--cluster"])
        #expect(ps.status == 0 && ps.out.contains("slow.1") && ps.out.contains("on web1"), "\(ps)")
        let anyway = try b.start(["run", "--no-lock", "slow"], name: "anyway")
        #expect(b.waitUntil(timeout: 30) { Self.one(db, "SELECT count(*) FROM scheduler_slots WHERE status = 'running'") == "2" })
        try FileSystem.writeFileAtomically(go, [], permissions: 0o644)
        #expect(a.finish(first, name: "first").status == 3, "the job's exit status is passed back")
        #expect(b.finish(anyway, name: "anyway").status == 3)
        let rows = try db.query("SELECT node, kind, status, exit_code, attempt, heartbeat_at IS NOT NULL FROM scheduler_slots ORDER BY node")
        #expect(rows == [["web1", "manual", "failed", "3", "1", "t"], ["web2", "manual", "failed", "3", "1", "t"]], "\(rows)")
        let history = try a.run(["history", "--cluster", "--json"])
        #expect(history.out.contains("\"job\":\"slow\",\"node\":\"web1\",\"attempt\":1,\"kind\":\"manual\",\"status\":\"failed\""), "\(history)")
        // The local history has the same slot instant as the table.
        #expect(a.read(a.state + "/history.jsonl").contains("\"node\":\"web1\""))
    }

    @Test func aForegroundRunFollowsWhenUnreachable() throws {
        let url = "postgres://postgres@127.0.0.1:\(try freePort())/postgres?sslmode=disable"
        let jobs = "[jobs.c]\ncommand = \"echo ran\"\ncron = \"0 0 1 1 *\"\n[jobs.h]\ncommand = \"echo host\"\ncron = \"0 0 1 1 *\"\nscope = \"host\"\n"
        let box = try CLISandbox(config: Self.config(url: url, node: "web1", jobs: jobs))
        let skipped = try box.run(["run", "c"])
        #expect(skipped.status == 1 && !skipped.out.contains("ran") && skipped.err.contains("can't be reached")
                && skipped.err.contains("when_unreachable = \"skip\""), "\(skipped)")
        let host = try box.run(["run", "h"])
        #expect(host.status == 0 && host.out.contains("host"), "host jobs never touch the database: \(host)")
        try box.writeConfig(Self.config(url: url, node: "web1", cluster: "when_unreachable = \"run\"", jobs: jobs))
        let ran = try box.run(["run", "c"])
        #expect(ran.status == 0 && ran.out.contains("ran") && ran.err.contains("warning") && ran.err.contains("may also run"), "\(ran)")
    }

    @Test func overlapQueueMakesAForegroundRunWaitForTheRunInProgress() throws {
        let box = try CLISandbox(config: "")
        let go = box.dir + "/go"
        try box.writeConfig("[jobs.q]\ncommand = \"while [ ! -f \(go) ]; do sleep 0.05; done; echo done\"\ncron = \"0 0 1 1 *\"\noverlap = \"queue\"\n")
        let first = try box.start(["run", "q"], name: "first")
        #expect(box.waitUntil(timeout: 30) { !box.read(box.runtime + "/locks/q.lock").isEmpty })
        let second = try box.start(["run", "q"], name: "second")
        #expect(box.waitUntil(timeout: 30) { box.read(box.dir + "/second.err").contains("waiting for q to finish") })
        try FileSystem.writeFileAtomically(go, [], permissions: 0o644)
        #expect(box.finish(first, name: "first").status == 0)
        let out = box.finish(second, name: "second")
        #expect(out.status == 0 && out.out.contains("done"), "\(out)")
    }

    @Test func anOlderSchemaIsMigrated() throws {
        let db = try PrivatePostgres()
        let box = try CLISandbox(config: Self.config(url: db.url, node: "web1", jobs: "[jobs.c]\ncommand = \"true\"\ncron = \"0 0 1 1 *\"\n"))
        // Version 1: the tables without the two columns version 2 added.
        _ = try db.query(try box.run(["cluster", "sql"]).out + """
            ALTER TABLE scheduler_slots DROP COLUMN heartbeat_at; ALTER TABLE scheduler_nodes DROP COLUMN stopped_at;
            UPDATE scheduler_schema SET version = 1;
            """)
        let check = try box.run(["check", "--connect"])
        #expect(check.out.contains("schema version 1 (the daemon migrates it to 2)"), "\(check)")
        #expect(try box.run(["run", "c"]).status == 0)
        #expect(Self.one(db, "SELECT version FROM scheduler_schema") == "2")
        #expect(Self.one(db, "SELECT count(*) FROM scheduler_slots WHERE heartbeat_at IS NOT NULL AND status = 'succeeded'") == "1")
    }

    /// A cleanly stopped node is gone at once: the other node takes the slots it preferred without
    /// waiting for its lease (30 s), its own next heartbeat (10 s) or claim_grace (20 s): every claim's
    /// answer says who is alive.
    @Test func aCleanlyStoppedNodeLeavesTheClusterAtOnce() throws {
        let db = try PrivatePostgres()
        let extra = "lease = \"30s\"\nclaim_grace = \"20s\""
        let jobs = "[jobs.tick]\ncommand = \"true\"\nevery = \"1s\"\n"
        let a = try CLISandbox(config: Self.config(url: db.url, node: "web1", cluster: extra, jobs: jobs))
        let b = try CLISandbox(config: Self.config(url: db.url, node: "web2", cluster: extra, jobs: jobs))
        let pa = try a.startDaemon(), pb = try b.startDaemon()
        #expect(a.waitUntil(timeout: 60) { Self.one(db, "SELECT count(DISTINCT node) FROM scheduler_slots WHERE status = 'succeeded'") == "2" })
        #expect(ClusterTest.stop(a, pa).status == 0)
        #expect(Self.one(db, "SELECT stopped_at IS NOT NULL FROM scheduler_nodes WHERE node = 'web1'") == "t")
        #expect(Self.one(db, "SELECT count(*) FROM scheduler_slots WHERE node = 'web1' AND finished_at IS NULL") == "0")
        // web2 learns it from the answer to its next claim (or its next heartbeat, when web1 was preferred for
        // the slots in between); from then on it claims every slot when due, without claim_grace's 20 s.
        // The window starts a second after that first claim: under load it may come some seconds after the stop.
        let stop = "(SELECT stopped_at FROM scheduler_nodes WHERE node = 'web1')"
        let learned = "(SELECT min(claimed_at) FROM scheduler_slots WHERE node = 'web2' AND claimed_at > \(stop))"
        let window = "scheduled_at >= \(learned) + interval '1 s' AND scheduled_at < \(learned) + interval '9 s'"
        let done = b.waitUntil(timeout: 60) { Self.one(db, "SELECT count(*) FROM scheduler_slots WHERE started_at IS NOT NULL AND \(window)") == "8" }
        let rows = try db.query("SELECT node, extract(epoch FROM started_at - scheduled_at) < 10 FROM scheduler_slots WHERE \(window)")
        #expect(done && rows.count == 8 && rows.allSatisfy { $0 == ["web2", "t"] }, "\(rows)")
        let status = try b.run(["cluster", "status"])
        #expect(status.out.contains("stopped"), "\(status)")
        #expect(ClusterTest.stop(b, pb).status == 0)
    }

    @Test func aReloadAppliesConnectionSettingsAndRefusesANewNodeName() throws {
        let db = try PrivatePostgres()
        let jobs = "[jobs.c]\ncommand = \"true\"\nevery = \"1s\"\n"
        let nobody = "postgres://postgres@127.0.0.1:\(try freePort())/postgres?sslmode=disable"
        let box = try CLISandbox(config: Self.config(url: nobody, node: "web1", jobs: jobs))
        let pid = try box.startDaemon()
        #expect(box.waitUntil(timeout: 30) { box.read(box.log).contains("Cluster database unreachable") })
        try box.writeConfig(Self.config(url: db.url, node: "web1", jobs: jobs))
        #expect(try box.run(["reload"]).status == 0)
        #expect(box.waitUntil(timeout: 30) { Int(Self.one(db, "SELECT count(*) FROM scheduler_slots WHERE status = 'succeeded'") ?? "") ?? 0 >= 2 },
                "\(box.read(box.log))")
        #expect(box.read(box.log).contains("[cluster] changed: applied"))
        try box.writeConfig(Self.config(url: db.url, node: "web9", jobs: jobs + "[jobs.d]\ncommand = \"true\"\nevery = \"1s\"\n"))
        let refused = try box.run(["reload"])
        #expect(refused.status == 1 && refused.err.contains("[cluster] node changed: restart the daemon"), "\(refused)")
        #expect(box.read(box.log).contains("Config not reloaded"))
        #expect(Self.one(db, "SELECT count(*) FROM scheduler_slots WHERE node = 'web9' OR job = 'd'") == "0", "the running config is kept")
        #expect(ClusterTest.stop(box, pid).status == 0)
    }
}
