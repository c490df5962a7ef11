import SchedulerCore
import SchedulerDaemon
import SystemCalls

let resumeCommand = Command(
    name: "resume",
    summary: "start scheduling paused jobs again",
    usage: "JOB... [--config PATH]",
    details: """
    Removes the jobs from $XDG_STATE_HOME/scheduler/paused and tells a running daemon to reload; the
    next run is the job's next scheduled time (missed runs are not made up, whatever catch_up says).
    """,
    flags: [configFlag],
    run: { args in try changePaused(args, pause: false) }
)
