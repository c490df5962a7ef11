#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSystem

#if canImport(Darwin)
typealias SpawnFileActions = posix_spawn_file_actions_t?
typealias SpawnAttributes = posix_spawnattr_t?
#else
typealias SpawnFileActions = posix_spawn_file_actions_t
typealias SpawnAttributes = posix_spawnattr_t
#endif

extension Spawn {
    /// `posix_spawn(3)`: starts `request` and returns the child's pid (also its process group id
    /// unless `grouping` is `.inherit`). The child starts with an empty signal mask and default
    /// handlers for every signal. Errors name the program: "spawn foo: No such file or directory".
    public static func launch(_ request: Request) throws -> pid_t {
        let path = try resolveExecutable(
            request.executable, searchPath: request.environment["PATH"] ?? CurrentProcess.environmentValue("PATH"))
        var plan = try SpawnPlan(request)
        defer { plan.destroy() }
        let argv = [request.argv0 ?? request.executable] + request.arguments
        let envp = request.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        // The child inherits this thread's timer slack; the daemon runs with 1 µs for punctual starts, but
        // a job should get the kernel's default (50 µs), so it is set around the spawn and put back.
        let slack = CurrentProcess.timerSlack()
        if let slack, slack != CurrentProcess.defaultTimerSlack { _ = csystem_set_timer_slack(CurrentProcess.defaultTimerSlack) }
        defer { if let slack, slack != CurrentProcess.defaultTimerSlack { _ = csystem_set_timer_slack(slack) } }
        let code = withCStringArray(argv) { argv in
            withCStringArray(envp) { envp in
                posix_spawn(&pid, path, &plan.actions, &plan.attributes, argv, envp)
            }
        }
        if code != 0 { throw spawnError(code, request) }
        return pid
    }

    /// Names the directory when chdir is what failed (posix_spawn reports both as one errno).
    private static func spawnError(_ code: Int32, _ request: Request) -> Errno {
        if let dir = request.workingDirectory, (try? FileSystem.stat(dir))?.isDirectory != true {
            return Errno(code, call: "spawn \(request.executable): chdir \(dir)")
        }
        return Errno(code, call: "spawn \(request.executable)")
    }
}

/// The file actions and attributes for one spawn, plus the temporary descriptors they use.
struct SpawnPlan {
    var actions = SpawnFileActions()
    var attributes = SpawnAttributes()
    private var temporaries: [FileDescriptor] = []

    init(_ request: Spawn.Request) throws {
        try checkReturnCode("posix_spawn_file_actions_init", posix_spawn_file_actions_init(&actions))
        try checkReturnCode("posix_spawnattr_init", posix_spawnattr_init(&attributes))
        do {
            try setAttributes(request.grouping)
            try addDescriptors(request)
            if let dir = request.workingDirectory {
                try checkReturnCode("posix_spawn_file_actions_addchdir_np", csystem_spawn_addchdir(&actions, dir))
            }
        } catch {
            destroy()
            throw error
        }
    }

    mutating func destroy() {
        for fd in temporaries { try? fd.close() }
        temporaries = []
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
    }

    private mutating func setAttributes(_ grouping: Spawn.Grouping) throws {
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        switch grouping {
        case .newSession:
            let setsid = Int32(csystem_spawn_setsid_flag())
            if setsid == 0 { throw Errno(ENOSYS, call: "posix_spawn(POSIX_SPAWN_SETSID)") }
            flags |= setsid
        case .newProcessGroup:
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
            try checkReturnCode("posix_spawnattr_setpgroup", posix_spawnattr_setpgroup(&attributes, 0))
        case .inherit: break
        }
        #if canImport(Darwin)
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)  // only descriptors named in file actions survive
        #endif
        var empty = SignalSet().raw
        var defaults = SignalSet.all
        defaults.remove(.kill)
        defaults.remove(.stop)
        try checkReturnCode("posix_spawnattr_setsigmask", posix_spawnattr_setsigmask(&attributes, &empty))
        try checkReturnCode("posix_spawnattr_setsigdefault", posix_spawnattr_setsigdefault(&attributes, &defaults.raw))
        try checkReturnCode("posix_spawnattr_setflags", posix_spawnattr_setflags(&attributes, Int16(flags)))
    }

    /// Places each descriptor at its child number. Sources are first copied above every target
    /// number (close-on-exec), so no dup2 can clobber a source another mapping still needs, and
    /// dup2 clears close-on-exec on the target only. Then everything above the targets is closed.
    private mutating func addDescriptors(_ request: Spawn.Request) throws {
        let streams = [request.standardInput, request.standardOutput, request.standardError]
        for number in request.inheritedDescriptors.keys where number < 3 {
            throw Errno(EINVAL, call: "spawn: inherited descriptor \(number) collides with standard streams")
        }
        let firstFree = max(2, request.inheritedDescriptors.keys.max() ?? 2) + 1
        var mappings: [(target: Int32, source: FileDescriptor)] = request.inheritedDescriptors.map { ($0.key, $0.value) }
        for (number, stream) in streams.enumerated() {
            switch stream {
            case .descriptor(let fd): mappings.append((Int32(number), fd))
            case .null:
                let mode = number == 0 ? O_RDONLY : O_WRONLY
                try checkReturnCode("posix_spawn_file_actions_addopen",
                                    posix_spawn_file_actions_addopen(&actions, Int32(number), "/dev/null", mode, 0))
            case .inherit: try inherit(Int32(number))
            }
        }
        for (target, source) in mappings {
            let copy = try source.duplicate(atLeast: firstFree)
            temporaries.append(copy)
            try checkReturnCode("posix_spawn_file_actions_adddup2",
                                posix_spawn_file_actions_adddup2(&actions, copy.rawValue, target))
        }
        #if !canImport(Darwin)
        try closeUnmapped(from: 3, below: firstFree, keeping: Set(request.inheritedDescriptors.keys))
        #endif
        let code = csystem_spawn_addclosefrom(&actions, firstFree)
        if code == ENOSYS { try closeListed(from: firstFree) }
        else if code != 0 { throw Errno(code, call: "posix_spawn_file_actions_addclosefrom_np") }
    }

    /// Without closefrom (glibc < 2.34), closes each descriptor open now (from /proc/self/fd).
    /// Ones opened concurrently are missed, but ours are all close-on-exec; this catches the
    /// inheritable ones we did not open (left by whoever started us).
    private mutating func closeListed(from low: Int32) throws {
        guard let names = try? FileSystem.listDirectory("/proc/self/fd") else { return }
        for fd in names.compactMap({ Int32($0) }) where fd >= low && !temporaries.contains(where: { $0.rawValue == fd }) {
            try checkReturnCode("posix_spawn_file_actions_addclose", posix_spawn_file_actions_addclose(&actions, fd))
        }
    }

    /// Closes the gaps between 3 and the highest inherited number (closefrom only covers above it).
    private mutating func closeUnmapped(from low: Int32, below high: Int32, keeping: Set<Int32>) throws {
        for fd in low..<high where !keeping.contains(fd) {
            try checkReturnCode("posix_spawn_file_actions_addclose", posix_spawn_file_actions_addclose(&actions, fd))
        }
    }

    private mutating func inherit(_ fd: Int32) throws {
        #if canImport(Darwin)
        try checkReturnCode("posix_spawn_file_actions_addinherit_np", posix_spawn_file_actions_addinherit_np(&actions, fd))
        #endif
    }
}
