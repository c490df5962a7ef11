#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresTestSupport
import SystemCalls
import Testing

/// `[cluster]` with real daemons on a private PostgreSQL: several nodes on one config, each with its own
/// XDG dirs and node name. The tests wait on outcomes (rows, log lines); deadlines only bound a hang.
@Suite(.serialized) struct ClusterDaemonTests {
    static func config(_ db: PrivatePostgres, node: String, lease: String = "6s", jobs: String) -> String {
        """
        [cluster]
        url = "\(db.url)"
        node = "\(node)"
        lease = "\(lease)"

        [defaults]
        timezone = "UTC"

        \(jobs)
        """
    }

    /// (job, scheduled_at) of every record in a sandbox's history with the given statuses.
    static func history(_ box: CLISandbox, statuses: Set<String> = ["succeeded"]) -> [String] {
        box.read(box.state + "/history.jsonl").split(separator: "\n").compactMap { line in
            guard let status = field(line, "status"), statuses.contains(status),
                  let job = field(line, "job"), let at = field(line, "scheduled_at") else { return nil }
            return job + "@" + at
        }
    }

    static func field(_ line: Substring, _ key: String) -> String? {
        guard let r = line.firstRange(of: "\"\(key)\":\"") else { return nil }
        return String(line[r.upperBound...].prefix { $0 != "\"" })
    }

    /// SIGTERM, then waits for a clean exit.
    static func stop(_ box: CLISandbox, _ pid: pid_t) -> CLISandbox.Output {
        try? Signals.send(.term, to: pid)
        return box.finish(pid, name: "stopped")
    }

    @Test func threeNodesRunEverySlotExactlyOnce() throws {
        let db = try PrivatePostgres()
        let jobs = (1...4).map { "[jobs.j\($0)]\ncommand = \"true\"\nevery = \"1s\"\n" }.joined()
            + "[jobs.local]\ncommand = \"true\"\nevery = \"2s\"\nscope = \"host\"\n"
        let boxes = try ["web1", "web2", "web3"].map { try CLISandbox(config: Self.config(db, node: $0, jobs: jobs)) }
        let pids = try boxes.map { try $0.startDaemon() }
        // About 20 s of slots (the issue asks for 60 s; 20 keeps the suite within CI's budget and still
        // gives every node dozens of slots).
        let enough = boxes[0].waitUntil(timeout: 60) { ((try? db.query("SELECT count(*) FROM scheduler_slots"))?.first?.first).flatMap { Int($0) } ?? 0 >= 80 }
        #expect(enough)
        for (box, pid) in zip(boxes, pids) { #expect(Self.stop(box, pid).status == 0) }

        let rows = try db.query("SELECT job, to_char(scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS+00:00'), node, status FROM scheduler_slots")
        let ran = rows.filter { $0[3] == "succeeded" }
        let fromHistories = boxes.flatMap { Self.history($0) }.filter { !$0.hasPrefix("local@") }
        #expect(Set(fromHistories).count == fromHistories.count, "a slot ran twice")
        let fromTable = Set(ran.map { $0[0] + "@" + $0[1] })
        #expect(Set(fromHistories) == fromTable, "only in histories: \(Set(fromHistories).subtracting(fromTable)), only in the table: \(fromTable.subtracting(fromHistories))")
        // Every claimed row ended: it ran, or (won while its node was stopping) it was recorded skipped.
        #expect(rows.allSatisfy { $0[3] == "succeeded" || $0[3] == "skipped" }, "\(rows.filter { $0[3] != "succeeded" })")
        // No slot missed between the first and the last one claimed.
        for j in 1...4 {
            let spans = try db.query("SELECT count(*), extract(epoch FROM max(scheduled_at) - min(scheduled_at))::int + 1 FROM scheduler_slots WHERE job = 'j\(j)'")
            #expect(spans.first?[0] == spans.first?[1], "j\(j): \(spans)")
        }
        let shares = ["web1", "web2", "web3"].map { n in ran.filter { $0[2] == n }.count }
        #expect(shares.allSatisfy { $0 * 100 / max(ran.count, 1) >= 15 }, "shares \(shares)")
        // Host-scope jobs run on every node and never touch the table.
        #expect(boxes.allSatisfy { Self.history($0).contains { $0.hasPrefix("local@") } })
        #expect(!rows.contains { $0[0] == "local" })
    }

    @Test func databaseOutageSkipsClusterJobsAndKeepsHostJobs() throws {
        let db = try PrivatePostgres()
        let jobs = "[jobs.c]\ncommand = \"true\"\nevery = \"1s\"\n[jobs.h]\ncommand = \"true\"\nevery = \"1s\"\nscope = \"host\"\n"
        let box = try CLISandbox(config: Self.config(db, node: "web1", jobs: jobs))
        let pid = try box.startDaemon()
        #expect(box.waitUntil(timeout: 20) { Self.history(box).filter { $0.hasPrefix("c@") }.count >= 2 })
        try db.stop()
        #expect(box.waitUntil(timeout: 20) { box.read(box.log).contains("Cluster database unreachable") })
        let before = Self.history(box)
        let hostBefore = before.filter { $0.hasPrefix("h@") }.count
        SystemClock.sleep(nanoseconds: 10_000_000_000)
        let during = Self.history(box)
        try db.start()
        #expect(during.filter { $0.hasPrefix("c@") }.count <= before.filter { $0.hasPrefix("c@") }.count + 1, "cluster jobs ran while the database was down")
        #expect(during.filter { $0.hasPrefix("h@") }.count >= hostBefore + 7, "host jobs stopped")
        #expect(box.waitUntil(timeout: 40) { box.read(box.log).contains("Cluster database reachable again") })
        let resumed = during.filter { $0.hasPrefix("c@") }.count
        let resumedRuns = box.waitUntil(timeout: 20) { Self.history(box).filter { $0.hasPrefix("c@") }.count >= resumed + 2 }
        let open = try db.query("SELECT job, scheduled_at, status FROM scheduler_slots WHERE finished_at IS NULL")
        #expect(resumedRuns, "open rows \(open)\n\(box.read(box.log).suffix(3000))")
        let log = box.read(box.log)
        #expect(log.components("Cluster database unreachable") == 1, "\(log)")
        #expect(Self.stop(box, pid).status == 0)
    }

    @Test func aDeadNodesRunIsRecordedUnknownAndRetriedElsewhere() throws {
        let db = try PrivatePostgres()
        let jobs = "[jobs.long]\ncommand = \"sleep 60\"\ncron = \"0 0 1 1 *\"\nretry = 1\n[daemon]\nshutdown_grace = \"1s\"\n"
        let a = try CLISandbox(config: Self.config(db, node: "a", lease: "3s", jobs: jobs))
        let b = try CLISandbox(config: Self.config(db, node: "b", lease: "3s", jobs: jobs))
        let pa = try a.startDaemon()
        let pb = try b.startDaemon()
        #expect(try a.run(["trigger", "long"]).status == 0)
        #expect(a.waitUntil(timeout: 20) { (try? db.query("SELECT status FROM scheduler_slots WHERE node = 'a'"))?.first?.first == "running" })
        // Power loss on a: the daemon and its job's process group, without a word.
        let jobs0 = a.jobPids()
        a.kill(pa)
        for p in jobs0 { try? Signals.sendToGroup(.kill, p) }
        let retried = b.waitUntil(timeout: 30) {
            let rows = (try? db.query("SELECT attempt, node, status FROM scheduler_slots ORDER BY attempt")) ?? []
            return rows.count == 2 && rows[0] == ["1", "a", "unknown"] && rows[1][1] == "b" && rows[1][2] == "running"
        }
        let table = try db.query("SELECT * FROM scheduler_slots")
        #expect(retried, "\(table)\n\(b.read(b.log))")
        #expect(b.read(b.log).contains("Node a stopped heartbeating"))
        #expect(Self.stop(b, pb).status == 0)
    }

    @Test func checkConnectStatusPsAndHistoryAskTheDatabase() throws {
        let db = try PrivatePostgres()
        let jobs = "[jobs.c]\ncommand = \"sleep 30\"\ncron = \"0 0 1 1 *\"\n[daemon]\nshutdown_grace = \"1s\"\n"
        let box = try CLISandbox(config: Self.config(db, node: "web1", jobs: jobs))
        let check = try box.run(["check", "--connect"])
        #expect(check.status == 0 && check.out.contains("PostgreSQL 1") && check.out.contains("No cluster tables yet"), "\(check)")
        let pid = try box.startDaemon()
        #expect(try box.run(["trigger", "c"]).status == 0)
        #expect(box.waitUntil(timeout: 20) { (try? db.query("SELECT status FROM scheduler_slots"))?.first?.first == "running" })
        let ps = try box.run(["ps", "--cluster"])
        #expect(ps.status == 0 && ps.out.contains("c.1") && ps.out.contains("on web1"), "\(ps)")
        let status = try box.run(["cluster", "status"])
        #expect(status.status == 0 && status.out.contains("web1") && status.out.contains("alive"), "\(status)")
        #expect(Self.stop(box, pid).status == 0)
        let history = try box.run(["history", "--cluster", "--json"])
        #expect(history.out.contains("\"job\":\"c\",\"node\":\"web1\",\"attempt\":1,\"kind\":\"manual\",\"status\":\"killed\""), "\(history)")
        // A database nobody listens on: a clear error, exit 1; the config itself is fine.
        try box.writeConfig(Self.config(db, node: "web1", jobs: jobs).replacing(":\(db.port)/", with: ":\(try freePort())/"))
        let refused = try box.run(["check", "--connect"])
        #expect(refused.status == 1 && refused.err.contains("cluster database"), "\(refused)")
    }
}

extension String {
    /// How many times `s` occurs.
    func components(_ s: String) -> Int {
        var n = 0, rest = self[...]
        while let r = rest.firstRange(of: s) { n += 1; rest = rest[r.upperBound...] }
        return n
    }
}
