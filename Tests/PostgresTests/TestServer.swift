#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Postgres
import SystemCalls
import Testing

/// A private PostgreSQL server for the whole test process: initdb into a temp dir as the `postgres` user
/// (the server refuses to run as root), a free port, its own socket dir, TLS with a CA made by `openssl`,
/// one role per authentication method (pg_hba.conf picks the method by role). Stopped (`pg_ctl stop`, by
/// its data dir: only the server we started) and removed when the test process exits.
/// Missing binaries are a test failure, not a skip: CI installs them (`postgresql openssl` in .ci/run).
final class TestServer: @unchecked Sendable {
    static let password = "s3cret pässword"
    let directory: String
    let bin: String
    let port: UInt16
    var socketDirectory: String { "\(directory)/socket" }
    var caFile: String { "\(directory)/tls/ca.crt" }

    struct SetupFailed: Error, CustomStringConvertible { var description: String }

    private static let lock = Mutex()
    nonisolated(unsafe) private static var shared: Result<TestServer, SetupFailed>?

    /// The server, started on first use.
    static func get() throws -> TestServer {
        lock.locked {
            if shared == nil {
                shared = Result { () throws(SetupFailed) -> TestServer in try TestServer() }
                atexit { TestServer.stopShared() }
            }
        }
        return try shared!.get()
    }

    private static func stopShared() {
        if case .success(let server) = shared { server.stop() }
    }

    private init() throws(SetupFailed) {
        guard let bin = Self.findBinaries() else {
            throw SetupFailed(description: "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: apt-get install -y postgresql openssl")
        }
        guard getuid() == 0 else { throw SetupFailed(description: "the PostgreSQL tests run as root (they start the server as user postgres)") }
        self.bin = bin
        Self.sweepAbandoned(bin: bin)
        do {
            directory = try FileSystem.makeTemporaryDirectory(prefix: "hpg-pgtest")
            try FileSystem.writeFileAtomically("\(directory)/owner", Array(String(getpid()).utf8))
            port = try freePort()
        } catch { throw SetupFailed(description: "\(error)") }
        do { try setUp() } catch {
            stop()
            throw SetupFailed(description: "starting the test PostgreSQL server failed: \(error)\n\(log())")
        }
    }

    /// IPv6 loopback only when the machine has it (/proc/net/if_inet6 lists "lo").
    static let hasIPv6Loopback: Bool = {
        let text = String(decoding: (try? FileSystem.readFile("/proc/net/if_inet6")) ?? [], as: UTF8.self)
        return text.split(separator: "\n").contains { $0.hasPrefix("00000000000000000000000000000001") }
    }()
    static var listenAddresses: String { hasIPv6Loopback ? "127.0.0.1,::1" : "127.0.0.1" }

    /// One role per authentication method; the same rules for IPv4 and IPv6 loopback.
    static var hba: String {
        let rules = [("host", "u_trust", "trust"), ("host", "u_md5", "md5"), ("host", "u_scram", "scram-sha-256"),
                     ("host", "u_clear", "password"), ("hostssl", "u_tls", "scram-sha-256"), ("hostnossl", "u_tls", "reject"),
                     ("host", "all", "scram-sha-256")]
        var lines = ["local all postgres trust", "local all u_local scram-sha-256"]
        for (kind, user, method) in rules {
            for net in ["127.0.0.1/32", "::1/128"] { lines.append("\(kind) all \(user) \(net) \(method)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Servers of test processes that died before their atexit ran (killed, or an exit path that skips it):
    /// stopped by their data dir and removed. Only dirs whose recorded owner process is gone.
    static func sweepAbandoned(bin: String) {
        for name in (try? FileSystem.listDirectory("/tmp")) ?? [] where name.hasPrefix("hpg-pgtest.") {
            let dir = "/tmp/\(name)"
            guard let text = try? FileSystem.readFile("\(dir)/owner"), let owner = pid_t(String(decoding: text, as: UTF8.self)),
                  kill(owner, 0) != 0 && errno == ESRCH else { continue }
            try? sh("runuser -u postgres -- '\(bin)/pg_ctl' -D '\(dir)/data' -m immediate -w stop >/dev/null 2>&1 || true")
            try? FileSystem.removeTree(dir)
        }
    }

    static func findBinaries() -> String? {
        for version in ["15", "16", "17", "14", "13"] where FileSystem.exists("/usr/lib/postgresql/\(version)/bin/initdb") {
            return "/usr/lib/postgresql/\(version)/bin"
        }
        return nil
    }

    private func setUp() throws {
        let d = directory
        try sh("""
            set -e
            chmod 755 '\(d)'
            mkdir -m 700 '\(d)/data'; mkdir -m 755 '\(d)/socket' '\(d)/tls' '\(d)/log'
            cd '\(d)/tls'
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt \
                -days 2 -subj '/CN=scheduler test CA' 2>/dev/null
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
                -subj '/CN=localhost' 2>/dev/null
            printf 'subjectAltName=DNS:localhost\\n' > ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 \
                -extfile ext 2>/dev/null
            chmod 600 server.key
            chown -R postgres '\(d)/data' '\(d)/socket' '\(d)/tls' '\(d)/log'
            runuser -u postgres -- '\(bin)/initdb' -D '\(d)/data' -A trust -U postgres -E UTF8 --locale=C --no-sync >'\(d)/initdb.log' 2>&1
            cat >> '\(d)/data/postgresql.conf' <<CONF
            port = \(port)
            listen_addresses = '\(Self.listenAddresses)'
            unix_socket_directories = '\(d)/socket'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            ssl = on
            ssl_cert_file = '\(d)/tls/server.crt'
            ssl_key_file = '\(d)/tls/server.key'
            max_connections = 50
            CONF
            cat > '\(d)/data/pg_hba.conf' <<HBA
            \(Self.hba)
            HBA
            runuser -u postgres -- '\(bin)/pg_ctl' -D '\(d)/data' -l '\(d)/log/server.log' -w -t 60 start >/dev/null
            """)
        let pw = Self.password.replacing("'", with: "''")
        try psql("""
            CREATE ROLE u_trust LOGIN;
            CREATE ROLE u_scram LOGIN PASSWORD '\(pw)';
            CREATE ROLE u_clear LOGIN PASSWORD '\(pw)';
            CREATE ROLE u_tls LOGIN PASSWORD '\(pw)';
            CREATE ROLE u_local LOGIN PASSWORD '\(pw)';
            SET password_encryption = 'md5';
            CREATE ROLE u_md5 LOGIN PASSWORD '\(pw)';
            CREATE DATABASE test_db OWNER u_trust;
            """)
    }

    /// Runs SQL as the superuser over the Unix socket, with psql.
    func psql(_ sql: String) throws {
        try FileSystem.writeFileAtomically("\(directory)/setup.sql", Array(sql.utf8), permissions: 0o644)
        try sh("'\(bin)/psql' -X -q -v ON_ERROR_STOP=1 -h '\(socketDirectory)' -p \(port) -U postgres -d postgres -f '\(directory)/setup.sql' >>'\(directory)/psql.log' 2>&1")
    }

    func stop() {
        if FileSystem.exists("\(directory)/data/postmaster.pid") {
            try? sh("runuser -u postgres -- '\(bin)/pg_ctl' -D '\(directory)/data' -m immediate -w stop >/dev/null 2>&1")
        }
        try? FileSystem.removeTree(directory)
    }

    func log() -> String {
        ["initdb.log", "log/server.log", "psql.log"].compactMap { name in
            (try? FileSystem.readFile("\(directory)/\(name)")).map { "--- \(name)\n" + String(decoding: $0.suffix(3000), as: UTF8.self) }
        }.joined(separator: "\n")
    }

    /// Settings for `user` over TCP to `host` (default localhost), with overrides.
    func configuration(user: String, host: String = "localhost", settings: [String: String] = [:],
                       environment: [String: String] = [:]) throws -> PostgresConfiguration {
        var all = ["host": host, "port": String(port), "user": user, "dbname": "postgres", "sslmode": "disable",
                   "passfile": "\(directory)/no-passfile", "connect_timeout": "5"]
        for (k, v) in settings { all[k] = v }
        return try PostgresConfiguration.resolve(url: nil, settings: all, environment: environment, userName: nil, homeDirectory: nil)
    }
}

/// `/bin/sh -c script`; throws with the exit status when it fails.
func sh(_ script: String) throws {
    let errors = "/tmp/hpg-pgtest-sh.\(getpid()).\(SystemClock.monotonic())"
    let output = try FileDescriptor.open(errors, .writeOnly, options: [.create, .truncate, .noFollow], permissions: 0o600)
    defer { try? output.close(); try? FileSystem.unlink(errors) }
    let pid = try Spawn.launch(Spawn.Request(executable: "/bin/sh", arguments: ["-c", script],
                                             environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"],
                                             standardError: .descriptor(output)))
    let status = try Child.wait(pid).status
    guard status.isSuccess else {
        let text = String(decoding: (try? FileSystem.readFile(errors)) ?? [], as: UTF8.self)
        throw TestServer.SetupFailed(description: "sh -c '\(script.prefix(200))…' failed: \(status)\n\(text.suffix(2000))")
    }
}

/// A TCP port nobody listens on right now (bind to port 0, read it back, close).
func freePort() throws -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
        }
    }
    guard ok else { throw Errno(errno, call: "bind") }
    return UInt16(bigEndian: address.sin_port)
}

/// A pthread mutex for the shared server.
final class Mutex: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    func locked<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

extension String {
    /// Every `target` replaced (no Foundation in this project).
    func replacing(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
