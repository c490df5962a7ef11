import SchedulerCore
import SystemCalls

/// How a run, a `scheduler run` attempt or a hook is stopped: signals sent to its whole process group,
/// each followed by a grace period, the last always SIGKILL (as swift-subprocess's `TeardownStep`).
/// One value for the engine, the foreground run and the hooks, so the three stop processes alike.
public struct Teardown: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var signal: Signal
        /// How long to wait for the group to end before the next step.
        public var grace: Duration
        public init(_ signal: Signal, grace: Duration) { self.signal = signal; self.grace = grace }
    }

    /// The steps in order; the last is SIGKILL.
    public let steps: [Step]

    /// `steps`, then SIGKILL unless the last one already is.
    public init(_ steps: [Step]) {
        self.steps = steps.last?.signal == .kill ? steps : steps + [Step(.kill, grace: .zero)]
    }

    /// SIGTERM, `grace`, SIGKILL: the job's `kill_grace` (or a hook's fixed grace).
    public static func terminate(grace: Duration) -> Teardown { Teardown([Step(.term, grace: grace)]) }

    /// A teardown under way: the next step and when it is due.
    public struct Progress: Sendable, Equatable {
        public let teardown: Teardown
        /// Index of the next step; `steps.count` when all were taken.
        public private(set) var next = 0
        /// When the next step is due; nil once SIGKILL was sent.
        public private(set) var dueAt: Instant?

        /// Starts: the first step is due at `now`.
        public init(_ teardown: Teardown, at now: Instant) { self.teardown = teardown; dueAt = now }

        /// The step to take now if one is due (the caller sends its signal to the group); the next is planned.
        public mutating func take(at now: Instant) -> Step? {
            guard let due = dueAt, due <= now, next < teardown.steps.count else { return nil }
            let step = teardown.steps[next]
            next += 1
            dueAt = next < teardown.steps.count ? now + step.grace : nil
            return step
        }

        /// The step taken before the next one (for "still up N after SIGTERM").
        public var previous: Step? { next > 0 ? teardown.steps[next - 1] : nil }

        /// Deadlines count elapsed time: a wall-clock jump moves them along.
        public mutating func shift(by delta: Duration) { dueAt = dueAt.map { $0 + delta } }
    }
}

extension Job {
    /// How a run of this job is stopped (timeout, replace, shutdown): SIGTERM, `kill_grace`, SIGKILL.
    public var teardown: Teardown { .terminate(grace: killGrace) }
}
