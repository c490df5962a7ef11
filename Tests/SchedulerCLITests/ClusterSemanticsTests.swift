#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresTestSupport
import SystemCalls
import Testing

/// Cluster-wide rules with real daemons: overlap across nodes, catch-up once, retention, and names that
/// only ever reach the server as parameters.
@Suite struct ClusterSemanticsTests {
    /// `overlap = "skip"` holds across nodes: while a run is up on one node, the other skips the slots it
    /// would claim, saying where the run is; no two runs of the job are ever up at once.
    @Test func aRunUpOnOneNodeSkipsTheNextSlotsOnTheOther() throws {
        let db = try PrivatePostgres.shared()
        let cluster = "overlap"
        let jobs = "[jobs.j]\ncommand = \"sleep 3\"\nevery = \"1s\"\noverlap = \"skip\"\n"
        let boxes = try ["a", "b"].map { try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: $0, jobs: jobs)) }
        let pids = try boxes.map { try $0.startDaemon() }
        let crossed = boxes[0].waitUntil {
            ClusterTest.count(db, cluster, where: "status = 'succeeded'") >= 3
                && zip(boxes, ["b", "a"]).contains { box, other in box.read(box.log).contains("a run is still up on \(other)") }
        }
        let table = ClusterTest.slots(db, cluster, "*")
        for (box, pid) in zip(boxes, pids) { #expect(ClusterTest.stop(box, pid).status == 0) }
        #expect(crossed, "\(table)\n\(boxes.map { $0.read($0.log).suffix(1500) })")
        // From the table: each run started after the previous one ended, whichever node ran it.
        let runs = ClusterTest.slots(db, cluster, "extract(epoch FROM started_at)::float8, extract(epoch FROM finished_at)::float8, node",
                                     where: "started_at IS NOT NULL").map { (start: Double($0[0]) ?? 0, end: Double($0[1]) ?? .infinity, node: $0[2]) }
            .sorted { $0.start < $1.start }
        for (previous, next) in zip(runs, runs.dropFirst()) {
            #expect(next.start >= previous.end, "runs overlap: \(previous) and \(next)")
        }
    }

    /// `catch_up = true`: a slot the whole cluster missed runs once, on one node, though every node
    /// catches up on it.
    @Test func aSlotMissedByTheWholeClusterIsCaughtUpOnce() throws {
        let db = try PrivatePostgres.shared()
        let cluster = "catch-up"
        // 366d: no slot falls in the test, only the catch-up of the latest one, missed since the recorded run.
        let jobs = "[jobs.k]\ncommand = \"true\"\nevery = \"366d\"\ncatch_up = true\n"
        let nodes = ["n1", "n2", "n3"]
        let boxes = try nodes.map { node in
            let box = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: node, jobs: jobs))
            try ClusterTest.seedOldRun(box, job: "k")
            return box
        }
        let pids = try boxes.map { try $0.startDaemon() }
        // Every node caught up; one ran it, the two others were told another node claimed it.
        let settled = boxes[0].waitUntil {
            boxes.allSatisfy { $0.read($0.log).contains("catching up with one run (catch_up = true)") }
                && ClusterTest.count(db, cluster, where: "status = 'succeeded'") == 1
                && boxes.filter { $0.read($0.log).contains("Claimed by n") }.count == 2
        }
        for (box, pid) in zip(boxes, pids) { #expect(ClusterTest.stop(box, pid).status == 0) }
        #expect(settled, "\(boxes.map { $0.read($0.log).suffix(1500) })")
        let rows = ClusterTest.slots(db, cluster, "job, kind, status, \(ClusterTest.isoColumn)")
        #expect(rows.count == 1 && rows.first?[1] == "catch-up" && rows.first?[2] == "succeeded", "\(rows)")
        let ran = boxes.flatMap { ClusterTest.history($0).filter { $0 != "k@1970-01-01T00:16:40+00:00" } }
        #expect(ran.count == 1 && ran.first == rows.first.map { "k@" + $0[3] }, "\(ran)")
    }

    /// Finished rows older than `keep` are deleted, in batches, until none is left; newer rows, unfinished
    /// rows and other clusters' rows stay.
    @Test func retentionDeletesOldRowsOfItsClusterOnly() throws {
        let db = try PrivatePostgres.shared()
        let cluster = "retention"
        let jobs = "[jobs.c]\ncommand = \"true\"\ncron = \"0 0 1 1 *\"\n"
        let box = try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: "web1", extra: "keep = \"1d\"", jobs: jobs))
        // The schema first (check --connect does not create it; the daemon does, so start and stop one).
        let first = try box.startDaemon()
        #expect(box.waitUntil { box.read(box.log).contains("connected as node 'web1'") })
        #expect(ClusterTest.stop(box, first).status == 0)
        // 1,200 old rows (more than one batch), 3 recent ones, one old unfinished one, and another cluster's old rows.
        try db.execute("""
            INSERT INTO scheduler_slots (cluster, job, scheduled_at, attempt, kind, node, status, claimed_at, started_at, finished_at)
            SELECT c, 'old', now() - interval '3 days' + i * interval '1 s', 1, 'scheduled', 'gone', 'succeeded',
                   now() - interval '3 days', now() - interval '3 days', now() - interval '2 days'
            FROM generate_series(1, 1200) AS i, (VALUES ('retention'), ('retention-other')) AS t(c);
            INSERT INTO scheduler_slots (cluster, job, scheduled_at, attempt, kind, node, status, finished_at)
            SELECT 'retention', 'new', now() - i * interval '1 h', 1, 'scheduled', 'gone', 'succeeded', now() - i * interval '1 h'
            FROM generate_series(1, 3) AS i;
            INSERT INTO scheduler_slots (cluster, job, scheduled_at, attempt, kind, node, status)
            VALUES ('retention', 'open', now() - interval '3 days', 1, 'scheduled', 'gone', 'running');
            """)
        let pid = try box.startDaemon()
        let emptied = box.waitUntil { ClusterTest.count(db, cluster, where: "job = 'old'") == 0 }
        #expect(emptied, "\(ClusterTest.count(db, cluster, where: "job = 'old'")) old rows left\n\(box.read(box.log))")
        #expect(ClusterTest.count(db, cluster, where: "job = 'new'") == 3)
        #expect(ClusterTest.count(db, cluster, where: "job = 'open'") == 1)
        #expect(ClusterTest.count(db, "retention-other") == 1200)
        #expect(ClusterTest.stop(box, pid).status == 0)
    }

    /// Cluster and node names with quotes, backslashes, spaces, braces, commas and non-ASCII letters (and a
    /// job name TOML must quote) reach the server as Bind parameters: claims work and rows keep the names.
    @Test func namesThatNeedQuotingAreParametersNeverSQL() throws {
        let db = try PrivatePostgres.shared()
        let cluster = #"it's "q" \ {a,b} ünï cødé; DROP TABLE scheduler_slots; --"#
        let nodes = [#"wéb 1 "x""#, #"o'brien\{2}, 日本"#]
        let jobs = "[jobs.\"db.backup-1\"]\ncommand = \"true\"\nevery = \"1s\"\n"
        let boxes = try nodes.map { try CLISandbox(config: ClusterTest.config(db, cluster: cluster, node: $0, jobs: jobs)) }
        let pids = try boxes.map { try $0.startDaemon() }
        let ran = boxes[0].waitUntil { ClusterTest.count(db, cluster, where: "status = 'succeeded'") >= 4 }
        let status = try boxes[0].run(["cluster", "status"])
        let history = try boxes[1].run(["history", "--cluster", "--json"])
        for (box, pid) in zip(boxes, pids) { #expect(ClusterTest.stop(box, pid).status == 0) }
        #expect(ran, "\(boxes.map { $0.read($0.log).suffix(1500) })")
        let rows = ClusterTest.slots(db, cluster, "job, node, status")
        #expect(rows.allSatisfy { $0[0] == "db.backup-1" && nodes.contains($0[1]) }, "\(rows)")
        let names = (try? db.query("SELECT node FROM scheduler_nodes WHERE cluster = '\(ClusterTest.sql(cluster))' ORDER BY node")) ?? []
        #expect(Set(names.map { $0[0] }) == Set(nodes), "\(names)")
        #expect(status.status == 0 && nodes.allSatisfy { status.out.contains($0) }, "\(status)")
        #expect(history.status == 0 && history.out.contains("\"job\":\"db.backup-1\""), "\(history)")
        #expect(boxes.allSatisfy { !$0.read($0.log).contains("unreachable") })
    }
}
