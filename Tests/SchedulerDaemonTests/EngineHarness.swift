import SchedulerCore
import SystemCalls
@testable import SchedulerDaemon

/// Slots every `interval` seconds since the epoch (plus `offset`), for tests that don't depend on zones.
struct EverySeconds: Schedule {
    var interval: Int64
    var offset: Int64 = 0
    func next(after t: Instant) -> Instant? {
        let s = t.seconds - offset
        let k = s >= 0 ? s / interval : (s - interval + 1) / interval
        return Instant(seconds: (k + 1) * interval + offset)
    }
}

/// Fires only at the listed seconds.
struct AtSeconds: Schedule {
    var times: [Int64]
    func next(after t: Instant) -> Instant? { times.sorted().first { Instant(seconds: $0) > t }.map { Instant(seconds: $0) } }
}

func job(_ name: String, every: Int64 = 10, _ edit: (inout Job) -> Void = { _ in }) -> Job {
    var j = Job(name: name, command: .shell("echo \(name)", shell: "/bin/sh"), schedule: .every(interval: .seconds(every), offset: .zero))
    edit(&j)
    return j
}

func compileEvery(_ j: Job) -> (any Schedule)? {
    if case .every(let iv, let off) = j.schedule { return EverySeconds(interval: iv.nanoseconds / 1_000_000_000, offset: off.nanoseconds / 1_000_000_000) }
    if case .cron(let text) = j.schedule { return AtSeconds(times: text.split(separator: ",").compactMap { Int64($0) }) }
    return nil
}

/// Drives an engine with a fake clock and a fake launcher that starts every launch at once.
struct Sim {
    var engine: Engine
    var now: Instant
    var launches: [LaunchRequest] = []
    /// Clock seconds at each launch.
    var launchSeconds: [Int64] = []
    var records: [JournalRecord] = []
    /// Records that came with `willRetry`.
    var retriesPlanned: [JournalRecord] = []
    var logs: [LogLine] = []
    var signals: [(RunID, Signal)] = []
    var running: [RunID] = []
    var lastSleep: Instant?
    var finished = false
    var pid: Int32 = 100
    /// When set, each launch is answered with this failure instead of starting.
    var failLaunches: LaunchFailure?
    /// Claims the engine asked for; `answer` (when set) resolves each at once.
    var claims: [SlotClaim] = []
    var answer: ((SlotClaim) -> ClaimOutcome)?
    /// Sees every record (a cluster test ends the slot's row with it).
    var onRecord: ((JournalRecord) -> Void)?

    init(_ jobs: [Job], at start: Int64 = 1_000, history: [String: JobHistory] = [:], seed: UInt64 = 1,
         settings: DaemonSettings = DaemonSettings(), cluster: ClusterContext? = nil, boot: BootStart = .unknown(reason: "test"),
         answer: ((SlotClaim) -> ClaimOutcome)? = nil) {
        now = Instant(seconds: start)
        self.answer = answer
        engine = Engine(config: Config(path: "t.toml", daemon: settings, jobs: jobs), now: now, history: history,
                        host: cluster?.node ?? "host1", seed: seed, cluster: cluster, boot: boot, compile: compileEvery)
        tick()
    }

    /// One wake-up, through the engine's own loop (`Engine.step`), as the runtime does it.
    mutating func tick() {
        while true {
            var e = engine
            e.step(now: now, perform: { perform($0) }, launch: { requests in requests.map { launch($0) } })
            engine = e
            // Claims answered "at once" arrive like the runtime's answers do: after the step, then another step.
            let answers = pendingAnswers
            pendingAnswers = []
            if answers.isEmpty { break }
            for (c, o) in answers { engine.claimResolved(c, o, at: now) }
        }
    }
    private var pendingAnswers: [(SlotClaim, ClaimOutcome)] = []

    private mutating func launch(_ r: LaunchRequest) -> LaunchOutcome {
        launches.append(r); launchSeconds.append(now.seconds)
        if let f = failLaunches { return .failed(f) }
        pid += 1; running.append(r.id)
        return .started(pid: pid)
    }

    private mutating func perform(_ a: Action) {
        switch a {
        case .launch(let r): preconditionFailure("Engine.step handed a launch to perform: \(r.id)")
        case .claim(let c):
            claims.append(c)
            if let answer { pendingAnswers.append((c, answer(c))) }
        case .signal(let id, let s): signals.append((id, s))
        case .record(let r, let willRetry): records.append(r); onRecord?(r); if willRetry { retriesPlanned.append(r) }
        case .log(let l): logs.append(l)
        case .sleepUntil(let t): lastSleep = t
        case .finished: finished = true
        }
    }

    /// Moves the clock to `t` seconds, waking at every `.sleepUntil` on the way (like the runtime).
    mutating func run(until t: Int64) {
        let end = Instant(seconds: t)
        while let s = lastSleep, s <= end, !finished {
            now = max(now, s); tick()
            if lastSleep == s { break }
        }
        now = max(now, end); tick()
    }

    /// The process of `id` (or of the single running run) ends now.
    mutating func exit(_ id: RunID? = nil, _ status: ExitStatus = .exited(0)) {
        let id = id ?? running.first!
        running.removeAll { $0 == id }
        engine.runExited(id, status: status, usage: ResourceUsage(userCPU: 300_000_000, systemCPU: 200_000_000, maxResidentKiB: 1234), at: now)
        tick()
    }

    func said(_ text: String) -> Bool { logs.contains { $0.message.contains(text) } }
    func statuses(_ name: String? = nil) -> [RunStatus] { records.filter { name == nil || $0.job == name }.map(\.status) }
}

/// A Sim whose jobs finish as soon as they start (for schedule-only tests).
extension Sim {
    mutating func runInstant(until t: Int64) -> [Int64] {
        var starts: [Int64] = []
        let end = Instant(seconds: t)
        while let s = lastSleep, s <= end {
            now = max(now, s)
            let before = launches.count
            tick()
            for l in launches[before...] { starts.append(now.seconds); _ = l }
            while let id = running.first { exit(id) }
            if lastSleep.map({ $0 <= now }) ?? false { break }
        }
        return starts
    }
}
