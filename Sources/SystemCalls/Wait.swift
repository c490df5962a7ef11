#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child ended: its exit code, or the signal that killed it.
public enum TerminationStatus: Equatable, Hashable, Sendable, CustomStringConvertible {
    case exited(code: Int32)
    case signaled(Signal, coreDumped: Bool)

    /// Decodes a `wait(2)` status word (the WIFEXITED/WTERMSIG macros, which Swift cannot import).
    public init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited(code: (status >> 8) & 0xff)
        } else {
            self = .signaled(Signal(rawValue: signal), coreDumped: status & 0x80 != 0)
        }
    }

    /// True only for `exited(code: 0)`.
    public var isSuccess: Bool { self == .exited(code: 0) }

    /// The shell's `$?` convention: the exit code, or 128 + signal number.
    public var shellCode: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let s, _): 128 + s.rawValue
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exited with code \(code)"
        case .signaled(let s, let core): "killed by \(s.name)\(core ? " (core dumped)" : "")"
        }
    }
}

/// CPU time and peak memory of a reaped child (`struct rusage`).
public struct ResourceUsage: Equatable, Sendable {
    /// User CPU time, nanoseconds.
    public var userCPU: Int64
    /// System CPU time, nanoseconds.
    public var systemCPU: Int64
    /// Peak resident set size, KiB (macOS reports bytes; converted here).
    public var maxResidentKiB: Int64

    public init(userCPU: Int64 = 0, systemCPU: Int64 = 0, maxResidentKiB: Int64 = 0) {
        self.userCPU = userCPU; self.systemCPU = systemCPU; self.maxResidentKiB = maxResidentKiB
    }

    /// User plus system CPU time in seconds (the journal's `cpu_seconds`).
    public var cpuSeconds: Double { Double(userCPU + systemCPU) / 1e9 }

    init(_ r: rusage) {
        func ns(_ t: timeval) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_usec) * 1000 }
        userCPU = ns(r.ru_utime)
        systemCPU = ns(r.ru_stime)
        #if canImport(Darwin)
        maxResidentKiB = Int64(r.ru_maxrss) / 1024
        #else
        maxResidentKiB = Int64(r.ru_maxrss)
        #endif
    }
}

/// A reaped child: which one, how it ended, what it used.
public struct Termination: Equatable, Sendable {
    public var pid: pid_t
    public var status: TerminationStatus
    public var usage: ResourceUsage
    public init(pid: pid_t, status: TerminationStatus, usage: ResourceUsage) {
        self.pid = pid; self.status = status; self.usage = usage
    }
}

/// Waiting for and reaping child processes (`wait4(2)`).
public enum Child {
    /// `wait4(pid, 0)`: blocks until `pid` ends, reaps it.
    public static func wait(_ pid: pid_t) throws -> Termination {
        try wait4(pid, options: 0)!
    }

    /// `wait4(pid, WNOHANG)`: reaps `pid` if it has ended; nil while it still runs.
    public static func waitIfExited(_ pid: pid_t) throws -> Termination? {
        try wait4(pid, options: WNOHANG)
    }

    /// `wait4(-1, WNOHANG)` in a loop: reaps every ended child (after SIGCHLD). Only for the daemon:
    /// it takes children spawned by anyone in this process.
    public static func reapAll() throws -> [Termination] {
        var reaped: [Termination] = []
        do {
            while let t = try wait4(-1, options: WNOHANG) { reaped.append(t) }
        } catch let e as Errno where e.code == ECHILD {}
        return reaped
    }

    /// `wait4(pid, WNOHANG)` for each of `pids`: reaps those that have ended.
    public static func reap(_ pids: some Sequence<pid_t>) throws -> [Termination] {
        try pids.compactMap { try waitIfExited($0) }
    }

    /// `wait4(2)`: nil when WNOHANG is set and no matching child has ended.
    public static func wait4(_ pid: pid_t, options: Int32) throws -> Termination? {
        var status: Int32 = 0
        var usage = rusage()
        let got = try valueOrErrno("wait4 \(pid)") { system_wait4(pid, &status, options, &usage) }
        if got == 0 { return nil }
        return Termination(pid: got, status: TerminationStatus(waitStatus: status), usage: ResourceUsage(usage))
    }
}

internal func system_wait4(_ pid: pid_t, _ status: inout Int32, _ options: Int32, _ usage: inout rusage) -> pid_t {
    wait4(pid, &status, options, &usage)
}
