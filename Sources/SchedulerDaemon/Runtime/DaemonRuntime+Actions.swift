#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SchedulerCore
import SystemCalls

extension DaemonRuntime {
    func perform(_ action: Action, now: Instant) {
        switch action {
        case .launch(let r): launch(r, now: now)
        case .signal(let id, let s): signal(id, s)
        case .record(let r):
            pendingRecords.append(r)
            notifications.recorded(r, runtime: self, now: now)
        case .log(let l): pendingLogs.append(l)
        case .sleepUntil(let t): wake = t
        case .finished: finished = true
        }
    }

    /// Writes the records of this step with one fsync, before the loop sleeps (or exits).
    func flushRecords(now: Instant) {
        guard !pendingRecords.isEmpty else { return }
        do { try journal.append(contentsOf: pendingRecords) } catch {
            pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Can't write the run history \(journal.path): \(error)"))
        }
        pendingRecords.removeAll(keepingCapacity: true)
        for w in journal.warnings { pendingLogs.append(LogLine(time: now, dyno: "scheduler", message: "Warning: " + w)) }
        journal.clearWarnings()
    }

    /// Takes the job's lock, opens the pipes and spawns; reports the result to the engine.
    func launch(_ r: LaunchRequest, now: Instant) {
        fed = true
        var lock: FileLock?
        var pipes: [FileDescriptor] = []
        defer { try? lock?.close() }  // the child keeps its inherited copy: the lock lives while it runs
        do {
            let env = try JobEnvironment.environment(for: r, daemon: options.environment, zone: zone)
            if r.takeLock {
                try FileSystem.makeDirectories(paths.locks, permissions: 0o700)
                let l = try FileLock(path: paths.lock(job: r.id.job))
                lock = l
                guard try l.tryLock() else { return engine.launchFailed(r.id, .locked, at: now) }
            } else {
                lock = RunState.runFileLock(paths: paths, dyno: r.id.dyno, now: now)  // so `scheduler ps` sees it
            }
            let out = try FileDescriptor.pipe(), err = try FileDescriptor.pipe()
            pipes = [out.read, out.write, err.read, err.write]
            try out.read.setNonblocking(true); try err.read.setNonblocking(true)
            // A 1 MiB pipe lets a chatty job write ahead while the loop is busy (fewer wakeups, fewer stalls).
            _ = try? out.read.setPipeSize(1 << 20)
            let (exe, args) = JobEnvironment.argv(r.job.command)
            let request = Spawn.Request(
                executable: exe, arguments: args, environment: env,
                workingDirectory: JobEnvironment.workingDirectory(r.job, home: options.environment["HOME"]),
                grouping: .newSession, standardInput: .null,
                standardOutput: .descriptor(out.write), standardError: .descriptor(err.write),
                inheritedDescriptors: lock.map { [3: $0.descriptor] } ?? [:])
            let pid = try Spawn.launch(request)
            try? out.write.close(); try? err.write.close()
            try? lock.map { try RunState(r, pid: pid, at: now).write(to: $0) }  // what `scheduler ps` shows
            processes[r.id] = RunningProcess(id: r.id, pid: pid, stdout: out.read, stderr: err.read,
                                             keepLines: Notifications.wantsOutput(r.job) ? Notifications.keptOutputLines : 0)
            engine.runStarted(r.id, pid: pid, at: now)
        } catch {
            for fd in pipes { try? fd.close() }
            engine.launchFailed(r.id, .error("\(error)"), at: now)
        }
    }

    /// SIGTERM or SIGKILL to the run's whole process group (its session: it was started with setsid).
    func signal(_ id: RunID, _ s: StopSignal) {
        guard let p = processes[id] else { return }
        p.stopping = true
        try? Signals.sendToGroup(s == .terminate ? .term : .kill, p.pid)
    }

    /// Reaps ended jobs: drains their output, kills leftovers of stopped runs, tells the engine.
    func reapChildren(now: Instant) {
        let pids = processes.values.map(\.pid)
        guard !pids.isEmpty, let ended = try? Child.reap(pids) else { return }
        for t in ended {
            guard let p = processes.values.first(where: { $0.pid == t.pid }) else { continue }
            writeOutput(now: now) { p.finish(buffer: buffer, prefix: $0, into: &$1) }
            if let t = p.tail { notifications.keepOutput(p.id.dyno, t.lines) }
            // A stopped run must leave nothing behind: grandchildren that ignored SIGTERM go now.
            if p.stopping { try? Signals.sendToGroup(.kill, p.pid) }
            processes[p.id] = nil
            let status: ExitStatus
            switch t.status {
            case .exited(let code): status = .exited(code)
            case .signaled(let s, _): status = .signaled(s.rawValue)
            }
            let cpu = Double(t.usage.userCPU + t.usage.systemCPU) / 1e9
            engine.runExited(p.id, status: status, usage: ResourceUsage(cpuSeconds: cpu, maxRSSKB: Int(t.usage.maxResidentKiB)), at: now)
            fed = true
        }
    }
}
