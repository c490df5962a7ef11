#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starting jobs with `posix_spawn(3)` (never `fork` from Swift: the child of a multithreaded
/// process may only call async-signal-safe functions until exec).
public enum Spawn {
    /// Where a child's standard stream comes from or goes to.
    public enum Stream: Sendable, Equatable {
        /// `/dev/null` (opened in the child).
        case null
        /// The same descriptor number as ours.
        case inherit
        /// One of our descriptors, e.g. the write end of a pipe (the child gets a copy; close yours).
        case descriptor(FileDescriptor)
    }

    /// Which process group and session the child joins.
    public enum Grouping: Sendable, Equatable {
        /// `setsid()` in the child (POSIX_SPAWN_SETSID): own session and group, no controlling terminal.
        case newSession
        /// `setpgid(0, 0)` in the child (POSIX_SPAWN_SETPGROUP): own group, our session.
        case newProcessGroup
        /// Stay in our group (Ctrl-C in a terminal reaches the child too).
        case inherit
    }

    /// Everything about the process to start.
    public struct Request: Sendable {
        /// A path (anything with a "/", relative to `workingDirectory` if set), or a name looked up in
        /// the PATH of `environment` (falling back to ours). We search ourselves rather than call
        /// `posix_spawnp`, which would search our PATH, not the job's.
        public var executable: String
        /// argv[1...].
        public var arguments: [String]
        /// argv[0]; nil means `executable`.
        public var argv0: String?
        /// The child's whole environment, passed exactly (nothing added).
        public var environment: [String: String]
        /// `chdir` in the child before exec; nil keeps ours.
        public var workingDirectory: String?
        public var grouping: Grouping
        public var standardInput: Stream
        public var standardOutput: Stream
        public var standardError: Stream
        /// Extra descriptors the child keeps: child number (≥ 3) → our descriptor. Used for the job's
        /// lock file, so the child holds the flock for as long as it (and its descendants) run.
        /// Every other descriptor is closed in the child.
        public var inheritedDescriptors: [Int32: FileDescriptor]

        public init(
            executable: String, arguments: [String] = [], environment: [String: String],
            workingDirectory: String? = nil, grouping: Grouping = .newSession,
            standardInput: Stream = .null, standardOutput: Stream = .inherit, standardError: Stream = .inherit,
            inheritedDescriptors: [Int32: FileDescriptor] = [:]
        ) {
            self.executable = executable
            self.arguments = arguments
            self.environment = environment
            self.workingDirectory = workingDirectory
            self.grouping = grouping
            self.standardInput = standardInput
            self.standardOutput = standardOutput
            self.standardError = standardError
            self.inheritedDescriptors = inheritedDescriptors
        }
    }

    /// Finds `name` like `execvp`: as is if it contains "/", else the first executable regular file in
    /// `searchPath` (colon-separated; empty entries mean "."). Throws ENOENT, or EACCES when only
    /// non-executable matches exist.
    public static func resolveExecutable(_ name: String, searchPath: String?) throws -> String {
        if name.contains("/") { return name }
        if name.isEmpty { throw Errno(ENOENT, call: "spawn ''") }
        var sawUnexecutable = false
        let path = searchPath ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + name
            guard let s = try? FileSystem.stat(candidate), s.isRegularFile else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            sawUnexecutable = true
        }
        throw Errno(sawUnexecutable ? EACCES : ENOENT, call: "spawn \(name)")
    }
}
