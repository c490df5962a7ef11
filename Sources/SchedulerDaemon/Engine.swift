import SchedulerCore
// The daemon's pure state machine lives here (daemon issue).
