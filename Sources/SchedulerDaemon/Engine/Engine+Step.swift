import SchedulerCore

extension Engine {
    /// At most this many rounds per `step`: a round only follows one that launched something, so this
    /// bounds a config whose launches keep failing at once and retrying with no delay.
    public static let maxRounds = 1000

    /// One wake-up of the loop, shared by the daemon and the tests: advances to `now`, hands every action
    /// but `.launch` to `perform`, then the round's launches together to `launch` (jobs due at the same
    /// instant start side by side, after the round's log lines and records), and feeds the outcomes back
    /// before advancing again. Ends after a round that launched nothing.
    public mutating func step(now: Instant, perform: (Action) -> Void,
                              launch: ([LaunchRequest]) -> [LaunchOutcome]) {
        var rounds = 0
        var launched: Bool
        repeat {
            var requests: [LaunchRequest] = []
            for action in advance(now: now) {
                if case .launch(let r) = action { requests.append(r) } else { perform(action) }
            }
            launched = !requests.isEmpty
            if launched {
                for (r, outcome) in zip(requests, launch(requests)) {
                    switch outcome {
                    case .started(let pid): runStarted(r.id, pid: pid, at: now)
                    case .failed(let failure): launchFailed(r.id, failure, at: now)
                    case .deferred: break
                    }
                }
            }
            rounds += 1
        } while launched && rounds < Engine.maxRounds
    }
}
