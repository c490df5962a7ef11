import Testing
import SchedulerCore
import SystemCalls
@testable import SchedulerDaemon

/// The due-queue engine and a reference that looks at every job on every wake (`scanAll`) agree on
/// everything, through seeded random operations: wake-ups at random times, runs ending or failing to
/// start, operator starts, reloads that add, remove and change jobs, clock jumps and a shutdown.
@Suite struct EngineQueuePropertyTests {
    /// Drives one engine; `log` is every action it produced, in order.
    struct Driver {
        var engine: Engine
        var log: [String] = []
        var running: [RunID] = []
        var pid: Int32 = 100
        var finished = false

        init(_ config: Config, scanAll: Bool) {
            engine = Engine(config: config, now: Instant(seconds: 1_000), host: "h", seed: 7, compile: compileEvery)
            engine.scanAll = scanAll
        }

        /// One wake-up; launches listed in `failing` fail (locked or spawn error), the others start.
        mutating func step(_ now: Instant, failing: Set<String>) {
            var performed: [String] = [], started: [RunID] = [], done = false
            var engine = self.engine, p = pid
            engine.step(now: now, perform: { a in
                performed.append("\(a)")
                if case .finished = a { done = true }
            }, launch: { requests in
                requests.map { r in
                    performed.append("launch \(r.id) @\(r.scheduledAt.seconds)")
                    if failing.contains(r.id.job) { return .failed(r.id.run % 2 == 0 ? .locked : .error("no such file")) }
                    p += 1; started.append(r.id)
                    return .started(pid: p)
                }
            })
            self.engine = engine; pid = p
            running += started
            log += performed
            finished = finished || done
            log.append("wake \(String(describing: engine.nextWake())) next \(String(describing: engine.nextDue()?.at))")
        }
    }

    static func randomJob(_ name: String, _ rng: inout SeededRandom) -> Job {
        job(name, every: Int64.random(in: 1...30, using: &rng)) { j in
            j.overlap = [.skip, .queue, .replace, .allow].randomElement(using: &rng)!
            if Bool.random(using: &rng) { j.timeout = .seconds(Int64.random(in: 1...20, using: &rng)) }
            j.killGrace = .seconds(Int64.random(in: 1...5, using: &rng))
            j.retry = RetryPolicy(attempts: Int.random(in: 0...2, using: &rng), delay: .seconds(Int64.random(in: 1...10, using: &rng)))
            if Int.random(in: 0..<4, using: &rng) == 0 { j.jitter = .seconds(Int64.random(in: 1...5, using: &rng)) }
            if Int.random(in: 0..<6, using: &rng) == 0 { j.enabled = false }
        }
    }

    @Test(arguments: 1...40)
    func queueAgreesWithAFullScan(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var names = (0..<Int.random(in: 1...12, using: &rng)).map { "j\($0)" }
        var config = Config(path: "t", jobs: names.map { Self.randomJob($0, &rng) })
        var queue = Driver(config, scanAll: false), scan = Driver(config, scanAll: true)
        var now = Instant(seconds: 1_000)
        var failing: Set<String> = []
        for round in 0..<300 {
            switch Int.random(in: 0..<20, using: &rng) {
            case 0..<8:  // some runs end
                for id in queue.running where Bool.random(using: &rng) {
                    let status: SchedulerDaemon.ExitStatus = [.exited(0), .exited(1), .signaled(9)].randomElement(using: &rng)!
                    queue.engine.runExited(id, status: status, usage: ResourceUsage(userCPU: 0, systemCPU: 0, maxResidentKiB: 0), at: now)
                    scan.engine.runExited(id, status: status, usage: ResourceUsage(userCPU: 0, systemCPU: 0, maxResidentKiB: 0), at: now)
                    queue.running.removeAll { $0 == id }; scan.running.removeAll { $0 == id }
                }
            case 8:
                let name = names.randomElement(using: &rng)!
                #expect(queue.engine.triggerNow(name, at: now) == scan.engine.triggerNow(name, at: now))
            case 9:  // a reload: a job removed, one added, one changed
                if names.count > 1, Bool.random(using: &rng) { names.remove(at: Int.random(in: 0..<names.count, using: &rng)) }
                if Bool.random(using: &rng) { names.append("n\(round)") }
                let changed = names.randomElement(using: &rng)
                config = Config(path: "t", jobs: names.map { n in
                    n == changed || !config.jobs.contains { $0.name == n } ? Self.randomJob(n, &rng) : config.jobs.first { $0.name == n }!
                })
                queue.engine.configReplaced(config, at: now); scan.engine.configReplaced(config, at: now)
            case 10:
                failing = Set(names.filter { _ in Int.random(in: 0..<4, using: &rng) == 0 })
            case 11 where round % 50 == 0:
                let d = Duration.seconds(Int64.random(in: -4_000...4_000, using: &rng))
                queue.engine.clockJumped(by: d, now: now); scan.engine.clockJumped(by: d, now: now)
            default: break
            }
            if round == 250 { queue.engine.shutdown(at: now); scan.engine.shutdown(at: now) }
            // Wake at the queue's next instant, or earlier (the runtime may wake for other reasons).
            let next = queue.engine.nextWake() ?? now + .seconds(60)
            now = Bool.random(using: &rng) ? max(now, next) : now + .milliseconds(Int64.random(in: 0...3_000, using: &rng))
            queue.step(now, failing: failing); scan.step(now, failing: failing)
            #expect(queue.log == scan.log, "seed \(seed), round \(round)")
            if queue.log != scan.log || queue.finished { break }
        }
    }

    /// The heap itself against a dictionary scan, with keys moving earlier and later.
    @Test(arguments: 1...20)
    func heapAgreesWithAScan(seed: UInt64) {
        var rng = SeededRandom(seed: seed)
        var q = DueQueue(), truth: [String: Instant] = [:]
        var now = Instant(seconds: 0)
        for _ in 0..<2_000 {
            let key = "k\(Int.random(in: 0..<50, using: &rng))"
            let at: Instant? = Int.random(in: 0..<5, using: &rng) == 0 ? nil : now + .seconds(Int64.random(in: 0...100, using: &rng))
            q.set(key, at); truth[key] = at
            if Int.random(in: 0..<4, using: &rng) == 0 {
                now = now + .seconds(Int64.random(in: 0...20, using: &rng))
                let due = Set(q.popDue(upTo: now))
                let expected = Set(truth.filter { $0.value <= now }.keys)
                #expect(due == expected)
                for k in expected { truth[k] = nil }
            }
            #expect(q.first?.at == truth.values.min())
            #expect(q.count == truth.count)
        }
    }
}
