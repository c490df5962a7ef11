import SchedulerCore

/// `@reboot` jobs: due once, at the daemon's first start after a boot (BootRecord), never at a time of day.
/// Every decision is logged: a job that silently never runs is what users of cron's `@reboot` meet.
extension Engine {
    /// At start: makes the job due now when this is the boot's first start, else says why it doesn't run.
    mutating func planReboot(_ name: String, _ boot: BootStart, now: Instant) {
        guard let st = jobs[name] else { return }
        switch boot {
        case .first(let id) where st.runnable:
            jobs[name]?.nextSlot = now
            jobs[name]?.nextDue = now + Delays.jitter(st.job.jitter, using: &rng)
            say(name, "@reboot: runs now: the daemon's first start since the machine booted (boot id \(id))", now)
        case .first:
            say(name, "@reboot: not run: the job is disabled or paused (it would have run: first start since this boot)", now)
        case .again(let id):
            say(name, "@reboot: not run: this boot already had it (the daemon started before since boot id \(id))", now)
        case .unknown(let reason):
            say(name, "@reboot: not run: \(reason), so a new boot can't be told from a restart", now)
        }
    }

    /// A job that became `@reboot` on a reload: it waits for the next boot.
    mutating func rebootAddedOnReload(_ name: String, now: Instant) {
        say(name, "@reboot: not run: added while the daemon runs; it runs at the daemon's first start after a boot "
            + "('scheduler trigger \(name)' runs it now)", now)
    }
}
