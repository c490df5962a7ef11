import Synchronization
import SchedulerCore
import StateFormats
import SystemCalls

/// Starts the jobs of one instant. A `posix_spawn` blocks its thread until the child has exec'd
/// (vfork semantics, ~0.25 ms here), so twenty jobs due at :00 started one after another make the last
/// one 5+ ms late. Each start (lock, pipes, environment, spawn, run state) is independent: a few threads
/// do them side by side, and the loop applies the outcomes afterwards, on its own thread.
struct Launcher: Sendable {
    let paths: StatePaths
    let environment: [String: String]
    let zone: TimeZoneRules

    /// What became of one request.
    enum Outcome: Sendable {
        case started(pid: ProcessID, stdout: FileDescriptor, stderr: FileDescriptor)
        /// The job's lock is held by a running copy (started by a previous daemon or `scheduler run`).
        case locked
        /// No file descriptor free (EMFILE, ENFILE): try again when some are (DeferredLaunches).
        case noDescriptors(String)
        case failed(String)
    }

    /// Helper threads for the pool: with the caller, cores + 1 (more only queue on the same CPUs).
    static var helperThreads: Int { min(CurrentProcess.processorCount, 7) }

    /// Starts every request (on the pool's threads when there are several) and returns outcomes in order.
    func start(_ requests: [LaunchRequest], at now: Instant, pool: WorkerPool) -> [Outcome] {
        if requests.contains(where: \.takeLock) { try? StateDirectories.ensure(paths.runtime); try? StateDirectories.ensure(paths.locks) }
        if requests.count == 1 { return [start(requests[0], at: now)] }
        // Each iteration fills its own slot; a lock per start costs nothing beside a spawn, and the compiler
        // checks what crosses threads (no shared buffer pointer).
        let outcomes = Mutex([Outcome](repeating: .failed("not started"), count: requests.count))
        pool.run(iterations: requests.count) { i in
            let outcome = start(requests[i], at: now)
            outcomes.withLock { $0[i] = outcome }
        }
        return outcomes.withLock { $0 }
    }

    /// Takes the job's lock, opens the pipes, spawns, writes the run state `scheduler ps` reads.
    func start(_ r: LaunchRequest, at now: Instant) -> Outcome {
        var lock: FileLock?
        var pipes: [FileDescriptor] = []
        defer { try? lock?.close() }  // the child keeps its inherited copy: the lock lives while it runs
        do {
            let env = try JobEnvironment.environment(for: r, daemon: environment, zone: zone)
            if r.takeLock {
                let l = try FileLock(path: paths.lock(job: r.id.job))
                lock = l
                guard try l.tryLock() else { return .locked }
            } else {
                lock = RunState.runFileLock(paths: paths, dyno: r.id.dyno)  // so `scheduler ps` sees it
            }
            // Each pipe joins `pipes` as soon as it exists: out of descriptors at the second, the first is
            // closed too (else every retry of a deferred launch leaked two).
            let out = try FileDescriptor.pipe()
            pipes = [out.read, out.write]
            let err = try FileDescriptor.pipe()
            pipes += [err.read, err.write]
            try out.read.setNonblocking(true); try err.read.setNonblocking(true)
            // A 1 MiB pipe lets a chatty job write ahead while the loop is busy (fewer wakeups, fewer stalls).
            _ = try? out.read.setPipeSize(1 << 20)
            let (exe, args) = JobEnvironment.argv(r.job.command)
            let request = Spawn.Request(
                executable: exe, arguments: args, environment: env,
                workingDirectory: JobEnvironment.workingDirectory(r.job, home: environment["HOME"]),
                grouping: .newSession, standardInput: .null,
                standardOutput: .descriptor(out.write), standardError: .descriptor(err.write),
                inheritedDescriptors: lock.map { [3: $0.descriptor] } ?? [:])
            let pid = try Spawn.launch(request)
            try? out.write.close(); try? err.write.close()
            try? lock.map { try RunState(r, pid: pid, at: now).write(to: $0) }
            return .started(pid: pid, stdout: out.read, stderr: err.read)
        } catch {
            for fd in pipes { try? fd.close() }
            return DeferredLaunches.isShortage(error) ? .noDescriptors("\(error)") : .failed("\(error)")
        }
    }
}
