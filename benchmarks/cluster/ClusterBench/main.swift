// Claim round trip of our PostgreSQL client on loopback (regular, WAL-logged tables as the slot table is), and what an open connection costs in RSS.
// Usage: cluster-bench URL [ITERATIONS]   (URL without sslmode; the bench sets it)
// Prints p50/p99 of one claim (INSERT … ON CONFLICT DO NOTHING RETURNING through Parse/Bind/Execute/Sync),
// of a pipeline of 10 claims in one round trip (with the server's default durable commit, and with
// synchronous_commit=off to take the WAL flush out), and idle RSS (measured as the daemon idles: code pages
// handed back, free heap trimmed) before/after a plaintext and a TLS connection.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Postgres
import SystemCalls

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { print("usage: cluster-bench URL [ITERATIONS]"); exit(2) }
let url = arguments[1]
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000

/// As the daemon does before a long sleep: code pages handed back, free heap trimmed; then VmRSS.
func settle() -> Int64 {
    #if os(Linux)
    _ = ReadOnlyMappings().drop()
    #endif
    Memory.releaseFreeHeap()
    return CurrentProcess.residentSetKiB() ?? -1
}

/// User + system CPU time of this process, nanoseconds (getrusage).
func cpuTime() -> Int64 {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return (Int64(usage.ru_utime.tv_sec) + Int64(usage.ru_stime.tv_sec)) * 1_000_000_000
        + (Int64(usage.ru_utime.tv_usec) + Int64(usage.ru_stime.tv_usec)) * 1000
}

func percentile(_ sorted: [Int64], _ p: Double) -> Double {
    Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1000
}

func measure(_ connection: PostgresConnection, _ label: String, batch: Int) throws {
    let table = "bench_slots_\(label.filter { $0.isLetter || $0 == "_" })_\(batch)"
    _ = try connection.simpleQuery("CREATE TABLE \(table) (name text, job text, at timestamptz, node text, PRIMARY KEY (name, job, at))")
    let claim = "INSERT INTO \(table) (name, job, at, node) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING node"
    var samples: [Int64] = []
    samples.reserveCapacity(iterations)
    var won = 0
    var cpu: Int64 = 0
    for i in 0..<(iterations + 100) {
        if i == 100 { cpu = cpuTime() }
        let at = PostgresText.timestamp(epochNanoseconds: 1_800_000_000_000_000_000 + Int64(i / 2) * 1_000_000_000)
        let statements = (0..<batch).map { PostgresStatement(claim, ["default", "job \($0) 'quoted'", at, "web1"]) }
        let start = SystemClock.monotonic()
        let results = try connection.pipeline(statements)
        let elapsed = SystemClock.monotonic() - start
        if i >= 100 { samples.append(elapsed) }  // the first 100 warm caches on both sides
        won += results.reduce(0) { $0 + $1.rows.count }
    }
    cpu = cpuTime() - cpu
    samples.sort()
    let what = batch == 1 ? "1 claim" : "\(batch) claims pipelined"
    print("\(label) \(what): p50 \(percentile(samples, 0.5)) µs, p99 \(percentile(samples, 0.99)) µs, max \(Double(samples.last!) / 1000) µs; client CPU \(Double(cpu) / Double(iterations) / 1000) µs per round trip (\(iterations) round trips, \(won) claims won, half conflicting)")
}

do {
    _ = settle()
    let rssBefore = settle()
    let plain = try PostgresConnection.connect(try PostgresConfiguration.resolve(url: url, settings: ["sslmode": "disable"]))
    let rssPlain = settle()
    try measure(plain, "plain TCP", batch: 1)
    try measure(plain, "plain TCP", batch: 10)
    // Without waiting for the WAL flush: what the client, loopback and the server's CPU cost, disk aside.
    _ = try plain.simpleQuery("SET synchronous_commit = off")
    try measure(plain, "plain TCP, synchronous_commit=off", batch: 1)
    try measure(plain, "plain TCP, synchronous_commit=off", batch: 10)
    _ = try plain.simpleQuery("RESET synchronous_commit")
    var rssTLS: Int64 = -1
    if TLSSession.loadLibrary() == nil {
        let tls = try PostgresConnection.connect(try PostgresConfiguration.resolve(url: url, settings: ["sslmode": "require"]))
        rssTLS = settle()
        try measure(tls, "TLS", batch: 1)
        tls.close()
    }
    _ = settle()
    plain.close()
    print("idle RSS: \(rssBefore) KiB before connecting, \(rssPlain) KiB with a plaintext connection (+\(rssPlain - rssBefore)), \(rssTLS) KiB with a TLS connection added (+\(rssTLS - rssPlain) for libssl/libcrypto and the session)")
} catch {
    print("cluster-bench: \(error)")
    exit(1)
}
