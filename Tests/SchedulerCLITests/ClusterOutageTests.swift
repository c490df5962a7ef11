#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresTestSupport
import SystemCalls
import Testing

/// The cluster database away: stopped for a while, or never a PostgreSQL server at all. The daemon keeps
/// its loop, its host-scope jobs and its word (one line per outage).
@Suite struct ClusterOutageTests {
    static let jobs = "[jobs.c]\ncommand = \"true\"\nevery = \"1s\"\n[jobs.h]\ncommand = \"true\"\nevery = \"1s\"\nscope = \"host\"\n"

    static func runs(_ box: CLISandbox, _ job: String) -> Int { ClusterTest.history(box).filter { $0.hasPrefix(job + "@") }.count }

    /// The database stopped for 10 s: with "skip" (default) no cluster job starts meanwhile, with "run" they
    /// run locally; host jobs go on; one line says the database is away, one that it is back; claims resume.
    @Test func databaseOutageSkipsOrRunsClusterJobsAndKeepsHostJobs() throws {
        let db = try PrivatePostgres()  // its own: this test stops it
        let skip = try CLISandbox(config: ClusterTest.config(db, cluster: "outage-skip", node: "web1", jobs: Self.jobs))
        let run = try CLISandbox(config: ClusterTest.config(db, cluster: "outage-run", node: "web1", extra: "when_unreachable = \"run\"", jobs: Self.jobs))
        let pids = try [skip, run].map { try $0.startDaemon() }
        #expect(skip.waitUntil { Self.runs(skip, "c") >= 2 && Self.runs(run, "c") >= 2 })
        try db.stop()
        #expect(skip.waitUntil { [skip, run].allSatisfy { $0.read($0.log).contains("Cluster database unreachable") } })
        let before = [skip, run].map { (c: Self.runs($0, "c"), h: Self.runs($0, "h")) }
        SystemClock.sleep(nanoseconds: 10_000_000_000)  // the outage itself, not a wait for an outcome
        let during = [skip, run].map { (c: Self.runs($0, "c"), h: Self.runs($0, "h")) }
        try db.start()
        // A run claimed just before the stop may end after it: at most one more.
        #expect(during[0].c <= before[0].c + 1, "cluster jobs ran while the database was down (skip)")
        #expect(during[1].c >= before[1].c + 3, "cluster jobs did not run locally (when_unreachable = \"run\")")
        #expect(during.indices.allSatisfy { during[$0].h >= before[$0].h + 3 }, "host jobs stopped")
        let skipLog = skip.read(skip.log)
        #expect(skipLog.contains("cluster jobs are not started until it is back (when_unreachable = \"skip\")"), "\(skipLog)")
        #expect(run.read(run.log).contains("cluster jobs run on this node meanwhile (when_unreachable = \"run\")"))
        for box in [skip, run] {
            #expect(box.waitUntil { box.read(box.log).contains("Cluster database reachable again") })
        }
        let resumed = Self.runs(skip, "c")
        let resumedRuns = skip.waitUntil { Self.runs(skip, "c") >= resumed + 2 }
        #expect(resumedRuns, "open rows \(ClusterTest.slots(db, "outage-skip", where: "finished_at IS NULL"))\n\(skip.read(skip.log).suffix(3000))")
        for box in [skip, run] {
            let log = box.read(box.log)
            #expect(log.occurrences(of: "Cluster database unreachable") == 1, "\(log)")
        }
        for (box, pid) in zip([skip, run], pids) { #expect(ClusterTest.stop(box, pid).status == 0) }
    }

    /// Something at the URL that is not a usable PostgreSQL server.
    enum BadServer: String, CaseIterable, Sendable {
        case unresolvable, unroutable, wrongPort, garbage, silent
    }

    /// Each bad server: a clear error line naming the problem, the daemon keeps running its host jobs and
    /// starts no cluster job; it stops cleanly.
    @Test(arguments: BadServer.allCases)
    func aBadClusterServerIsAClearErrorAndHostJobsRun(_ kind: BadServer) throws {
        var fake: FakeServer?
        let url: String, expected: String
        switch kind {
        case .unresolvable: (url, expected) = ("postgres://u@no-such-host.invalid/db?sslmode=disable", "could not resolve host \"no-such-host.invalid\"")
        // TEST-NET-1 is never routed: the connect times out (connect_timeout) or fails at once without a route.
        case .unroutable: (url, expected) = ("postgres://u@192.0.2.1:5432/db?sslmode=disable&connect_timeout=2", "192.0.2.1")
        case .wrongPort: let p = try freePort(); (url, expected) = ("postgres://u@127.0.0.1:\(p)/db?sslmode=disable", "Connection refused")
        case .garbage:
            fake = try FakeServer(reply: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8))
            (url, expected) = ("postgres://u@127.0.0.1:\(fake!.port)/db?sslmode=disable", "not a PostgreSQL server, or a broken one: ")
        case .silent:
            fake = try FakeServer(reply: nil)
            (url, expected) = ("postgres://u@127.0.0.1:\(fake!.port)/db?sslmode=disable&connect_timeout=2", "timed out")
        }
        let box = try CLISandbox(config: ClusterTest.config(url: url, cluster: "bad", node: "web1", jobs: Self.jobs))
        let pid = try box.startDaemon()
        #expect(box.waitUntil { box.read(box.log).contains("Cluster database unreachable") })
        let line = box.read(box.log).split(separator: "\n").first { $0.contains("Cluster database unreachable") } ?? ""
        #expect(line.contains(expected), "\(kind): \(line)")
        let hosts = Self.runs(box, "h")
        #expect(box.waitUntil { Self.runs(box, "h") >= hosts + 3 }, "host jobs stopped: \(box.read(box.log).suffix(2000))")
        #expect(Self.runs(box, "c") == 0)
        #expect(box.read(box.log).occurrences(of: "Cluster database unreachable") == 1)
        #expect(ClusterTest.stop(box, pid).status == 0)
        withExtendedLifetime(fake) {}
    }
}
