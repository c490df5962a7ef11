#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SystemCalls
import Testing

@Suite(.serialized) struct SignalTests {
    @Test(arguments: [(Signal.term, "SIGTERM"), (.kill, "SIGKILL"), (.hup, "SIGHUP"), (.int, "SIGINT"), (.chld, "SIGCHLD")])
    func signalNames(signal: Signal, name: String) {
        #expect(signal.name == name)
        #expect(Signal(name: name) == signal)
        #expect(Signal(name: String(name.dropFirst(3)).lowercased()) == signal)
        #expect(Signal(name: "\(signal.rawValue)") == signal)
    }

    @Test func unknownSignalNames() {
        #expect(Signal(name: "SIGNOPE") == nil)
        #expect(Signal(name: "0") == nil)
        #expect(Signal(rawValue: 15).name == "SIGTERM")
        #expect(Signal(rawValue: 40).name == "SIG40")
    }

    @Test func signalSetMembership() {
        var set = SignalSet([.term, .int])
        #expect(set.contains(.term) && set.contains(.int) && !set.contains(.hup))
        set.remove(.term)
        set.insert(.hup)
        #expect(!set.contains(.term) && set.contains(.hup))
        #expect(SignalSet.all.contains(.usr2))
    }

    @Test func blockAndRestoreMask() throws {
        let old = try Signals.block(SignalSet([.usr2]))
        #expect(try Signals.currentMask().contains(.usr2))
        try Signals.setMask(old)
        #expect(try Signals.currentMask().contains(.usr2) == old.contains(.usr2))
    }

    @Test func processExists() throws {
        #expect(Signals.processExists(getpid()))
        #expect(Signals.processExists(1))  // owned by root: EPERM still means it exists
        let child = try ChildProcess(shell("exit 0"))
        try child.wait()
        #expect(!Signals.processExists(child.pid))
    }

    @Test func killOfMissingProcessIsESRCH() throws {
        let child = try ChildProcess(shell("exit 0"))
        try child.wait()
        #expect(throws: Errno(ESRCH)) { try Signals.send(.term, to: child.pid) }
    }

    #if os(Linux)
    /// A SIGCHLD from a child's exit goes to the whole process, where a test runner's other threads
    /// (which do not block it) may take it first; the daemon blocks signals in `main` before any thread
    /// exists. So here the signal is directed at this thread, which only its signalfd can then see.
    @Test func signalfdDeliversSIGCHLD() throws {
        let old = try Signals.block(SignalSet([.chld, .usr1]))
        defer { _ = try? Signals.setMask(old) }
        let sfd = try SignalDescriptor(SignalSet([.chld, .usr1]))
        defer { try? sfd.close() }
        try Signals.raiseInCurrentThread(.chld)
        #expect(try !Poll.wait([(sfd.descriptor, .readable)], timeout: hangBound)[0].isEmpty)
        // (a process-wide SIGCHLD from another test's child may ride along)
        let events = try sfd.read()
        #expect(events.contains { $0.signal == .chld && $0.senderPID == getpid() && $0.senderUID == getuid() })
    }

    @Test func signalfdReadIsEmptyWhenNothingIsPending() throws {
        let old = try Signals.block(SignalSet([.usr2]))
        defer { _ = try? Signals.setMask(old) }
        let sfd = try SignalDescriptor(SignalSet([.usr2]))
        defer { try? sfd.close() }
        #expect(try sfd.read() == [])
        #expect(try sfd.descriptor.isCloseOnExec())
    }
    #endif

    @Test func ignoringSIGPIPEMakesWritesFailWithEPIPE() throws {
        try Signals.ignoreBrokenPipe()  // process-wide; the daemon and CLI do this at start anyway
        let (r, w) = try FileDescriptor.pipe()
        try r.close()
        defer { try? w.close() }
        #expect(throws: Errno(EPIPE)) { try w.write(all: "x") }
    }
}
