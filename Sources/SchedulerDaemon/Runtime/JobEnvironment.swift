import SchedulerCore
import SystemCalls

/// Builds what a job's process gets: argv, working directory and a clean environment.
public enum JobEnvironment {
    /// Variables passed through from the daemon's own environment; everything else is dropped.
    public static let passedThrough = ["HOME", "USER", "LOGNAME", "PATH", "LANG", "SHELL", "TZ"]
    static let defaultPath = "/usr/local/bin:/usr/bin:/bin"

    /// Base, then `env_file`, then `env`, then the SCHEDULER_* variables. `readFile` is injected for tests.
    public static func environment(for request: LaunchRequest, daemon: [String: String], zone: TimeZoneRules,
                                   readFile: (String) throws -> [UInt8] = { try FileSystem.readRegularFile($0, maxBytes: ConfigFiles.maxBytes) },
                                   security: (String) -> Diagnostic? = envFileProblem)
        throws -> [String: String] {
        var env: [String: String] = [:]
        for k in passedThrough { if let v = daemon[k] { env[k] = v } }
        if env["PATH"] == nil { env["PATH"] = defaultPath }
        // A job with a timezone sees its times in that zone (`date` in a Tokyo job prints Tokyo time); env may override.
        if let tz = request.job.timezone { env["TZ"] = tz }
        if let file = request.job.envFile {
            let path = ConfigLocation.expandTilde(file, home: daemon["HOME"]) ?? file
            // Checked again at each start: the file may have changed since `check` (same rule and message).
            if let problem = security(path) { throw LaunchError(problem.message + (problem.hint.map { "; " + $0 } ?? "")) }
            let text: String
            do { text = String(decoding: try readFile(path), as: UTF8.self) } catch { throw LaunchError("env_file \(path): \(error)") }
            do throws(DotEnvError) {
                for (k, v) in try DotEnv.parse(text) { env[k] = v }
            } catch {
                throw LaunchError("env_file \(path):\(error.line):\(error.column): \(error.message)")
            }
        }
        for (k, v) in request.job.env { env[k] = v }
        env["SCHEDULER_JOB"] = request.id.job
        env["SCHEDULER_RUN_ID"] = request.id.dyno
        env["SCHEDULER_ATTEMPT"] = String(request.id.attempt)
        env["SCHEDULER_SCHEDULED_AT"] = TimeFormat.rfc3339(request.scheduledAt, zone: zone)
        return env
    }

    /// Why an existing env file must not be trusted (ConfigSecurity's rule); a missing one fails at reading.
    public static func envFileProblem(_ path: String) -> Diagnostic? {
        guard FileSystem.exists(path) else { return nil }
        return ConfigSecurity.problem(path: path, userID: ConfigSecurity.currentUserID(), what: "env_file")
    }

    /// Executable and arguments: `shell -c LINE`, or the argv as written. `extra` (`scheduler run JOB -- ARGS`)
    /// is appended to an argv; a shell line gets them as its positional parameters, "$@" (`sh -c LINE JOB
    /// ARGS...`, $0 is the job's name): pasted into the line, a `#` comment or a trailing `&` would swallow them.
    public static func argv(_ command: JobCommand, extra: [String] = [], name: String = "") -> (executable: String, arguments: [String]) {
        switch command {
        case .shell(let line, let shell): return (shell.path, shell.arguments + ["-c", line] + (extra.isEmpty ? [] : [name] + extra))
        case .exec(let argv): return (argv.first ?? "", Array(argv.dropFirst()) + extra)
        }
    }

    /// The job's `directory` with `~` expanded; the home directory when unset.
    public static func workingDirectory(_ job: Job, home: String?) -> String? {
        guard let dir = job.directory else { return home }
        return ConfigLocation.expandTilde(dir, home: home) ?? dir
    }
}

/// Why a job could not be started (reported as a failed attempt).
public struct LaunchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
