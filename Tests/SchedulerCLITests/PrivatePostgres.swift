#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls

/// A PostgreSQL server of the test's own (never the system's on 5432): initdb into a temp dir as the
/// `postgres` user (the server refuses root), trust authentication on 127.0.0.1, a free port. It can be
/// stopped and started again (outage tests); `deinit` stops it by its data dir and removes everything.
final class PrivatePostgres {
    let dir: String
    let bin: String
    let port: UInt16
    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable" }

    struct Failed: Error, CustomStringConvertible { var description: String }

    init() throws {
        guard let bin = ["15", "16", "17", "14", "13"].map({ "/usr/lib/postgresql/\($0)/bin" }).first(where: { FileSystem.exists($0 + "/initdb") }) else {
            throw Failed(description: "PostgreSQL server binaries not found: apt-get install -y postgresql")
        }
        self.bin = bin
        dir = try FileSystem.makeTemporaryDirectory(prefix: "scheduler-pg")
        port = try PrivatePostgres.freePort()
        try shell("""
            set -e
            chmod 755 '\(dir)'; mkdir -m 700 '\(dir)/data'; mkdir -m 755 '\(dir)/socket' '\(dir)/log'
            chown postgres '\(dir)/data' '\(dir)/socket' '\(dir)/log'
            runuser -u postgres -- '\(bin)/initdb' -D '\(dir)/data' -A trust -U postgres -E UTF8 --locale=C --no-sync >'\(dir)/initdb.log' 2>&1
            cat >> '\(dir)/data/postgresql.conf' <<CONF
            port = \(port)
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '\(dir)/socket'
            fsync = off
            synchronous_commit = off
            max_connections = 40
            log_min_duration_statement = -1
            CONF
            """)
        try start()
    }

    deinit {
        try? stop()
        try? FileSystem.removeTree(dir)
    }

    func start() throws {
        try shell("runuser -u postgres -- '\(bin)/pg_ctl' -D '\(dir)/data' -l '\(dir)/log/server.log' -w -t 60 start >/dev/null")
    }

    /// Stops the server at once (connections are cut, as in a crash or a network loss).
    func stop() throws {
        guard FileSystem.exists(dir + "/data/postmaster.pid") else { return }
        try shell("runuser -u postgres -- '\(bin)/pg_ctl' -D '\(dir)/data' -m immediate -w stop >/dev/null 2>&1")
    }

    /// Rows of `sql` (run with psql as the superuser), each a list of column texts.
    func query(_ sql: String) throws -> [[String]] {
        try FileSystem.writeFileAtomically(dir + "/q.sql", Array(sql.utf8), permissions: 0o644)
        try shell("'\(bin)/psql' -X -q -At -F '|' -v ON_ERROR_STOP=1 -h '\(dir)/socket' -p \(port) -U postgres -d postgres -f '\(dir)/q.sql' >'\(dir)/q.out' 2>&1")
        let text = String(decoding: try FileSystem.readFile(dir + "/q.out"), as: UTF8.self)
        return text.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    /// `/bin/sh -c script`, output to a log in the server's dir; throws with the log when it fails.
    func shell(_ script: String) throws {
        let log = dir + "/sh.log"
        let out = try FileDescriptor.open(log, .writeOnly, options: [.create, .truncate], permissions: 0o600)
        defer { try? out.close() }
        let pid = try Spawn.launch(Spawn.Request(executable: "/bin/sh", arguments: ["-c", script],
                                                 environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"],
                                                 standardOutput: .descriptor(out), standardError: .descriptor(out)))
        let status = try Child.wait(pid).status
        guard status.isSuccess else {
            let text = String(decoding: (try? FileSystem.readFile(log)) ?? [], as: UTF8.self)
            throw Failed(description: "sh -c '\(script.prefix(120))…' failed: \(status)\n\(text.suffix(1500))")
        }
    }

    /// A TCP port nobody listens on right now (bind to port 0, read it back, close).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { throw Errno(errno, call: "bind") }
        return UInt16(bigEndian: address.sin_port)
    }
}
