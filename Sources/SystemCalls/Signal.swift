#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A signal number with its conventional name ("SIGTERM").
public struct Signal: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let hup = Signal(rawValue: SIGHUP)
    public static let int = Signal(rawValue: SIGINT)
    public static let quit = Signal(rawValue: SIGQUIT)
    public static let abrt = Signal(rawValue: SIGABRT)
    public static let kill = Signal(rawValue: SIGKILL)
    public static let usr1 = Signal(rawValue: SIGUSR1)
    public static let segv = Signal(rawValue: SIGSEGV)
    public static let usr2 = Signal(rawValue: SIGUSR2)
    public static let pipe = Signal(rawValue: SIGPIPE)
    public static let alrm = Signal(rawValue: SIGALRM)
    public static let term = Signal(rawValue: SIGTERM)
    public static let chld = Signal(rawValue: SIGCHLD)
    public static let cont = Signal(rawValue: SIGCONT)
    public static let stop = Signal(rawValue: SIGSTOP)
    public static let tstp = Signal(rawValue: SIGTSTP)
    public static let winch = Signal(rawValue: SIGWINCH)

    /// Name and number of every signal we know by name (portable set; numbers differ by OS).
    public static let named: [(name: String, signal: Signal)] = [
        ("SIGHUP", .hup), ("SIGINT", .int), ("SIGQUIT", .quit), ("SIGILL", Signal(rawValue: SIGILL)),
        ("SIGTRAP", Signal(rawValue: SIGTRAP)), ("SIGABRT", .abrt), ("SIGBUS", Signal(rawValue: SIGBUS)),
        ("SIGFPE", Signal(rawValue: SIGFPE)), ("SIGKILL", .kill), ("SIGUSR1", .usr1), ("SIGSEGV", .segv),
        ("SIGUSR2", .usr2), ("SIGPIPE", .pipe), ("SIGALRM", .alrm), ("SIGTERM", .term), ("SIGCHLD", .chld),
        ("SIGCONT", .cont), ("SIGSTOP", .stop), ("SIGTSTP", .tstp), ("SIGTTIN", Signal(rawValue: SIGTTIN)),
        ("SIGTTOU", Signal(rawValue: SIGTTOU)), ("SIGURG", Signal(rawValue: SIGURG)),
        ("SIGXCPU", Signal(rawValue: SIGXCPU)), ("SIGXFSZ", Signal(rawValue: SIGXFSZ)),
        ("SIGVTALRM", Signal(rawValue: SIGVTALRM)), ("SIGPROF", Signal(rawValue: SIGPROF)),
        ("SIGWINCH", .winch), ("SIGIO", Signal(rawValue: SIGIO)), ("SIGSYS", Signal(rawValue: SIGSYS)),
    ]

    /// "SIGTERM"; "SIG34" for numbers without a name (real-time signals).
    public var name: String { Signal.named.first { $0.signal == self }?.name ?? "SIG\(rawValue)" }
    public var description: String { name }

    /// Parses "SIGTERM", "TERM", "term" or "15"; nil for anything else.
    public init?(name text: String) {
        let upper = text.uppercased()
        if let n = Int32(upper), n > 0, n < 65 { self.init(rawValue: n); return }
        let full = upper.hasPrefix("SIG") ? upper : "SIG" + upper
        guard let found = Signal.named.first(where: { $0.name == full }) else { return nil }
        self = found.signal
    }
}

/// A `sigset_t` as a value.
public struct SignalSet: Sendable {
    var raw = sigset_t()

    /// The empty set (`sigemptyset(3)`).
    public init() { sigemptyset(&raw) }
    /// A set holding `signals`.
    public init(_ signals: [Signal]) {
        self.init()
        for s in signals { insert(s) }
    }
    /// Every signal (`sigfillset(3)`).
    public static var all: SignalSet {
        var s = SignalSet()
        sigfillset(&s.raw)
        return s
    }
    /// `sigaddset(3)`.
    public mutating func insert(_ signal: Signal) { sigaddset(&raw, signal.rawValue) }
    /// `sigdelset(3)`.
    public mutating func remove(_ signal: Signal) { sigdelset(&raw, signal.rawValue) }
    /// `sigismember(3)`.
    public func contains(_ signal: Signal) -> Bool {
        var copy = raw
        return sigismember(&copy, signal.rawValue) == 1
    }
}
