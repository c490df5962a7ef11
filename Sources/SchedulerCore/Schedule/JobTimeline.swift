/// When a job runs: its schedule bound to its zone, each slot delayed by the job's stable `spread`
/// (per-run `jitter` is drawn at each run and not part of it). The one answer to "when does this job run
/// next" for the daemon, `list` and `next`.
public struct JobTimeline: Sendable {
    public let schedule: any Schedule
    public let zone: TimeZoneRules
    /// The job's fixed delay after each slot on this host (or cluster): `Delays.spread`.
    public let spread: Duration

    /// `zone` is the job's (`zone(of:system:)`); `spreadKey` what the spread hashes with (`spreadKey`).
    public init(_ job: Job, zone: TimeZoneRules, spreadKey: String) {
        schedule = job.schedule.compile(zone: zone)
        self.zone = zone
        spread = Delays.spread(job.spread, host: spreadKey, job: job.name)
    }

    /// The first time the job is due strictly after `t`: a slot plus the spread (a slot whose spread has
    /// not elapsed by `t` is still to come).
    public func nextDue(after t: Instant) -> Instant? {
        schedule.next(after: t - spread).map { $0 + spread }
    }

    /// The job's zone: its `timezone`, else the system's.
    public static func zone(of job: Job, system: TimeZoneRules) throws(TimeZoneError) -> TimeZoneRules {
        guard let name = job.timezone else { return system }
        return try TimeZoneRules.load(named: name)
    }

    /// What `spread` hashes with the job name: the host name, or for cluster jobs under `[cluster]` a key
    /// every node shares (so all nodes agree on the instant and claim the same slot).
    public static func spreadKey(_ job: Job, clustered: Bool, host: String) -> String {
        clustered && job.scope == .cluster ? "cluster" : host
    }
}

/// Zones by name for many jobs: each zone file is read once.
public struct ZoneCache {
    public let system: TimeZoneRules
    private var loaded: [String: TimeZoneRules] = [:]
    public init(system: TimeZoneRules) { self.system = system }

    /// The job's zone (`JobTimeline.zone(of:system:)`), from the cache when read before.
    public mutating func zone(of job: Job) throws(TimeZoneError) -> TimeZoneRules {
        guard let name = job.timezone else { return system }
        if let z = loaded[name] { return z }
        let z = try JobTimeline.zone(of: job, system: system)
        loaded[name] = z
        return z
    }
}
