#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sending, blocking and ignoring signals.
public enum Signals {
    /// `kill(2)`: send `signal` to one process.
    public static func send(_ signal: Signal, to pid: pid_t) throws {
        try nothingOrErrno("kill \(signal.name) \(pid)") { system_kill(pid, signal.rawValue) }
    }

    /// `killpg(3)`: send `signal` to every process in group `processGroup` (a job and its grandchildren).
    public static func sendToGroup(_ signal: Signal, _ processGroup: pid_t) throws {
        try nothingOrErrno("killpg \(signal.name) \(processGroup)") { killpg(processGroup, signal.rawValue) }
    }

    /// `kill(pid, 0)`: whether a process with this id exists (EPERM counts: it exists, owned by someone else).
    /// A zombie not yet reaped still exists.
    public static func processExists(_ pid: pid_t) -> Bool {
        system_kill(pid, 0) == 0 || errno == EPERM
    }

    /// `pthread_sigmask(SIG_BLOCK)`: block `set` in the calling thread; returns the previous mask.
    /// For `SignalDescriptor`, block in `main` before any thread starts: threads inherit the mask,
    /// and a thread that does not block a signal may take it first.
    @discardableResult
    public static func block(_ set: SignalSet) throws -> SignalSet { try changeMask(SIG_BLOCK, set) }

    /// `pthread_sigmask(SIG_UNBLOCK)`; returns the previous mask.
    @discardableResult
    public static func unblock(_ set: SignalSet) throws -> SignalSet { try changeMask(SIG_UNBLOCK, set) }

    /// `pthread_sigmask(SIG_SETMASK)`: replace the calling thread's mask; returns the previous one.
    @discardableResult
    public static func setMask(_ set: SignalSet) throws -> SignalSet { try changeMask(SIG_SETMASK, set) }

    /// The calling thread's current mask.
    public static func currentMask() throws -> SignalSet {
        var old = SignalSet()
        try checkReturnCode("pthread_sigmask", pthread_sigmask(SIG_BLOCK, nil, &old.raw))
        return old
    }

    /// `sigaction(2)` with SIG_IGN. Ignored signals stay ignored across exec, so `Spawn` resets
    /// every handler to default in the child.
    public static func ignore(_ signal: Signal) throws { try setHandler(signal, ignore: true) }

    /// `sigaction(2)` with SIG_DFL.
    public static func restoreDefault(_ signal: Signal) throws { try setHandler(signal, ignore: false) }

    /// Ignore SIGPIPE: a write to a closed pipe or socket then fails with EPIPE instead of killing us.
    public static func ignoreBrokenPipe() throws { try ignore(.pipe) }

    /// `pthread_kill(3)`: send `signal` to the calling thread only.
    public static func raiseInCurrentThread(_ signal: Signal) throws {
        try checkReturnCode("pthread_kill", pthread_kill(pthread_self(), signal.rawValue))
    }

    private static func changeMask(_ how: Int32, _ set: SignalSet) throws -> SignalSet {
        var old = SignalSet()
        var new = set.raw
        try checkReturnCode("pthread_sigmask", pthread_sigmask(how, &new, &old.raw))
        return old
    }

    private static func setHandler(_ signal: Signal, ignore: Bool) throws {
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = ignore ? SIG_IGN : SIG_DFL
        #else
        action.__sigaction_handler.sa_handler = ignore ? SIG_IGN : SIG_DFL
        #endif
        sigemptyset(&action.sa_mask)
        try nothingOrErrno("sigaction \(signal.name)") { sigaction(signal.rawValue, &action, nil) }
    }
}
