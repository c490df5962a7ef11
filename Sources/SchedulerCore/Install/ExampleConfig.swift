/// The commented `scheduler.toml` that `scheduler install` writes when there is no config yet.
public enum ExampleConfig {
    /// A valid config whose only job is disabled, so installing starts a daemon that runs nothing
    /// until the user edits the file. Shipped in the Debian package as examples/scheduler.toml too.
    public static let text = """
    # scheduler.toml: the jobs `scheduler daemon` runs. Reference: man scheduler.toml
    #
    # After editing:   scheduler check           (validates, lists the jobs)
    #                  systemctl --user reload scheduler   (the daemon re-reads this file)
    # Try a job now:   scheduler run output_greeting
    #
    # Each [jobs.NAME] table is one job: a command and one schedule
    # (every = "10m", daily = "03:30", hourly = 15, weekly = "mon,thu 09:00" or cron = "*/5 * * * *").

    # Heroku's hello world: print a greeting every 10 minutes. In a Rails app the command would be
    # "bundle exec rake output_greeting". Disabled: set `enabled = true` (or delete that line) to run it.
    [jobs.output_greeting]
    description = "Heroku's hello world"
    command = "echo \\"Hello from $(hostname) at $(date)\\""
    every = "10m"
    enabled = false

    # A Rails-style job, replacing the cron line
    #   */10 * * * * cd /srv/app && flock -n t.lock timeout 1h bundle exec rake t
    # (overlap = "skip" is the default: a run that is still busy makes the next one skip).
    #
    # [jobs.rake-t]
    # command = "bundle exec rake t"
    # directory = "/srv/app"
    # every = "10m"
    # timeout = "1h"
    # env = { RAILS_ENV = "production" }

    """
}
