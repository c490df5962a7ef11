#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls

/// A PostgreSQL server of the tests' own (never the system's on 5432): `initdb` into /tmp/scheduler-pg.* as the
/// `postgres` user (the server refuses root), a free port, its own socket dir, TLS with a CA made by `openssl`,
/// one role per authentication method (pg_hba.conf picks the method by role), `postgres` trusted on loopback.
/// `shared()` is one server for the whole test process (stopped at exit); `init()` makes a server of the
/// caller's own that it may stop and start (outage tests), stopped and removed in `deinit`. Servers are
/// stopped by their data dir only; a crashed test process's leftovers are swept by the next one.
/// Missing binaries are a test failure, not a skip: CI installs them (`postgresql openssl` in .ci/run).
public final class PrivatePostgres: @unchecked Sendable {
    public static let password = "s3cret pässword"
    public let directory: String
    public let bin: String
    public let port: UInt16
    public var socketDirectory: String { "\(directory)/socket" }
    public var caFile: String { "\(directory)/tls/ca.crt" }
    /// The superuser over TCP (trusted on loopback), no TLS.
    public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable" }

    public struct Failed: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    private static let lock = Lock()
    nonisolated(unsafe) private static var sharedServer: Result<PrivatePostgres, Failed>?

    /// The test process's server, started on first use.
    public static func shared() throws -> PrivatePostgres {
        try lock.locked {
            if sharedServer == nil {
                sharedServer = Result { () throws(Failed) -> PrivatePostgres in try PrivatePostgres() }
                atexit { PrivatePostgres.stopShared() }
            }
            return try sharedServer!.get()
        }
    }

    private static func stopShared() {
        if case .success(let server) = sharedServer { server.remove() }
    }

    /// A server of the caller's own, running.
    public init() throws(Failed) {
        guard let bin = Self.findBinaries() else {
            throw Failed(description: "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: apt-get install -y postgresql openssl")
        }
        guard getuid() == 0 else { throw Failed(description: "the PostgreSQL tests run as root (they start the server as user postgres)") }
        self.bin = bin
        Self.sweepAbandoned(bin: bin)
        do {
            directory = try FileSystem.makeTemporaryDirectory(prefix: "scheduler-pg")
            try FileSystem.writeFileAtomically("\(directory)/owner", Array(String(getpid()).utf8))
            port = try freePort()
        } catch { throw Failed(description: "\(error)") }
        do { try setUp() } catch {
            let text = log()
            remove()
            throw Failed(description: "starting the test PostgreSQL server failed: \(error)\n\(text)")
        }
    }

    deinit { remove() }

    /// IPv6 loopback only when the machine has it (/proc/net/if_inet6 lists "lo").
    public static let hasIPv6Loopback: Bool = {
        let text = String(decoding: (try? FileSystem.readFile("/proc/net/if_inet6")) ?? [], as: UTF8.self)
        return text.split(separator: "\n").contains { $0.hasPrefix("00000000000000000000000000000001") }
    }()
    static var listenAddresses: String { hasIPv6Loopback ? "127.0.0.1,::1" : "127.0.0.1" }

    /// One role per authentication method; the same rules for IPv4 and IPv6 loopback.
    static var hba: String {
        let rules = [("host", "postgres", "trust"), ("host", "u_trust", "trust"), ("host", "u_md5", "md5"),
                     ("host", "u_scram", "scram-sha-256"), ("host", "u_clear", "password"),
                     ("hostssl", "u_tls", "scram-sha-256"), ("hostnossl", "u_tls", "reject"), ("host", "all", "scram-sha-256")]
        var lines = ["local all postgres trust", "local all u_local scram-sha-256"]
        for (kind, user, method) in rules {
            for net in ["127.0.0.1/32", "::1/128"] { lines.append("\(kind) all \(user) \(net) \(method)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Servers of test processes that died before they could stop theirs: stopped by their data dir and
    /// removed. Only dirs whose recorded owner process is gone.
    static func sweepAbandoned(bin: String) {
        for name in (try? FileSystem.listDirectory("/tmp")) ?? [] where name.hasPrefix("scheduler-pg.") {
            let dir = "/tmp/\(name)"
            guard let text = try? FileSystem.readFile("\(dir)/owner"), let owner = pid_t(String(decoding: text, as: UTF8.self)),
                  !Signals.processExists(owner) else { continue }
            try? runShell("runuser -u postgres -- '\(bin)/pg_ctl' -D '\(dir)/data' -m immediate -w stop >/dev/null 2>&1 || true")
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
        try runShell("""
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
            max_connections = 100
            CONF
            cat > '\(d)/data/pg_hba.conf' <<HBA
            \(Self.hba)
            HBA
            """)
        try start()
        var pw = ""
        for c in Self.password { pw += c == "'" ? "''" : String(c) }
        try execute("""
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

    /// Starts the (stopped) server and waits until it accepts connections.
    public func start() throws {
        try runShell("runuser -u postgres -- '\(bin)/pg_ctl' -D '\(directory)/data' -l '\(directory)/log/server.log' -w -t 60 start >/dev/null")
    }

    /// Stops the server at once (connections are cut, as in a crash or a network loss).
    public func stop() throws {
        guard FileSystem.exists("\(directory)/data/postmaster.pid") else { return }
        try runShell("runuser -u postgres -- '\(bin)/pg_ctl' -D '\(directory)/data' -m immediate -w stop >/dev/null 2>&1")
    }

    private func remove() {
        try? stop()
        try? FileSystem.removeTree(directory)
    }

    /// Runs SQL as the superuser over the Unix socket, with psql; returns the rows, each a list of column texts.
    @discardableResult
    public func execute(_ sql: String) throws -> [[String]] {
        let tag = "\(SystemClock.monotonic()).\(UInt32.random(in: 0...UInt32.max))"
        let input = "\(directory)/q\(tag).sql", output = "\(directory)/q\(tag).out"
        defer { try? FileSystem.unlink(input); try? FileSystem.unlink(output) }
        try FileSystem.writeFileAtomically(input, Array(sql.utf8), permissions: 0o644)
        try runShell("'\(bin)/psql' -X -q -At -F '|' -v ON_ERROR_STOP=1 -h '\(socketDirectory)' -p \(port) -U postgres -d postgres -f '\(input)' >'\(output)'")
        let text = String(decoding: try FileSystem.readFile(output), as: UTF8.self)
        return text.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Rows of `sql`; same as `execute`.
    public func query(_ sql: String) throws -> [[String]] { try execute(sql) }

    /// The tails of the server's logs (for failure messages).
    public func log() -> String {
        ["initdb.log", "log/server.log"].compactMap { name in
            (try? FileSystem.readFile("\(directory)/\(name)")).map { "--- \(name)\n" + String(decoding: $0.suffix(3000), as: UTF8.self) }
        }.joined(separator: "\n")
    }
}

/// `/bin/sh -c script`; throws with the exit status and the script's stderr when it fails.
public func runShell(_ script: String) throws {
    let errors = "/tmp/scheduler-pg-sh.\(getpid()).\(SystemClock.monotonic())"
    let output = try FileDescriptor.open(errors, .writeOnly, options: [.create, .truncate, .noFollow], permissions: 0o600)
    defer { try? output.close(); try? FileSystem.unlink(errors) }
    let pid = try Spawn.launch(Spawn.Request(executable: "/bin/sh", arguments: ["-c", script],
                                             environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL": "C"],
                                             standardError: .descriptor(output)))
    let status = try Child.wait(pid).status
    guard status.isSuccess else {
        let text = String(decoding: (try? FileSystem.readFile(errors)) ?? [], as: UTF8.self)
        throw PrivatePostgres.Failed(description: "sh -c '\(script.prefix(200))…' failed: \(status)\n\(text.suffix(2000))")
    }
}

/// A TCP port nobody listens on right now (bind to port 0, read it back, close).
public func freePort() throws -> UInt16 {
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

/// A pthread mutex (for the shared server).
final class Lock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    func locked<R>(_ body: () throws -> R) rethrows -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
