/// What the engine sees of a schedule: the first due instant strictly after a given one.
public protocol Schedule: Sendable {
    func next(after: Instant) -> Instant?
}
