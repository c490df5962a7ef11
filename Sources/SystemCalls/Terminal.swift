#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The controlling terminal on standard input, for `scheduler run`: the job's process group gets the
/// terminal, so Ctrl-C and terminal reads reach the job, and we take it back when it ends.
public enum Terminal {
    /// Gives stdin's terminal to `group` when we are its foreground group (`isatty`, `tcgetpgrp`,
    /// `tcsetpgrp`); returns our own group to take it back later, or nil when nothing was handed over.
    public static func handOver(to group: pid_t) -> pid_t? {
        guard isatty(0) == 1, tcgetpgrp(0) == getpgrp() else { return nil }
        try? Signals.ignore(Signal(rawValue: SIGTTOU))  // we set the foreground group from the background
        guard tcsetpgrp(0, group) == 0 else { return nil }
        try? Signals.sendToGroup(.cont, group)  // it may have stopped reading the terminal before it was its own
        return getpgrp()
    }

    /// Makes `group` stdin's foreground process group again (`tcsetpgrp`); errors are moot at this point.
    public static func takeBack(_ group: pid_t) { _ = tcsetpgrp(0, group) }
}
