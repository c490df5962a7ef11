// Run history costs, through the daemon's own Journal (rotation and retention included); used by
// benchmarks/costs/run.sh (release build).
//   history-bench fill DIR DAYS       a job every second for DAYS simulated days (an hour of records per write: ~1 MB, under a file's tenth),
//                                     with the default history_keep and history_max_size: prints the largest
//                                     total seen on disk, and the files at the end
//   history-bench generate DIR N      N records of 20 jobs in the journal and its rotated files (1 GB limit, so
//                                     none is dropped), then a history.state as the daemon leaves it
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SchedulerCore
import SchedulerDaemon
import SystemCalls

let args = CommandLine.arguments
guard args.count == 4, let n = Int(args[3]) else {
    print("usage: history-bench fill DIR DAYS | generate DIR N")
    exit(2)
}
let dir = args[2]
let path = dir + "/history.jsonl"
let start = Instant(seconds: SystemClock.realtime() / 1_000_000_000 - Int64(n) * 86_400)

func record(_ job: String, run: Int, at t: Instant) -> JournalRecord {
    JournalRecord(job: job, run: run, attempt: 1, scheduledAt: t, startedAt: t + .milliseconds(2), endedAt: t + .milliseconds(9),
                  status: run % 100 == 0 ? .failed : .succeeded, exitCode: run % 100 == 0 ? 1 : 0, cpuSeconds: 0.004, maxRSSKB: 3_100, pid: 40_000)
}

func totalBytes() -> Int { JournalFiles.newestFirst(path).reduce(0) { $0 + Int((try? FileSystem.stat($1).size) ?? 0) } }

if args[1] == "fill" {
    var settings = DaemonSettings()
    let journal = Journal(path: path, zone: .utc, retention: JournalRetention(settings))
    var run = 0, largest = 0, written = 0
    for hour in 0..<(n * 24) {
        var batch: [JournalRecord] = []
        for s in 0..<3_600 { run += 1; batch.append(record("every-second", run: run, at: start + .seconds(Int64(hour * 3_600 + s)))) }
        try journal.append(contentsOf: batch)
        written += batch.count
        largest = max(largest, totalBytes())
    }
    largest = max(largest, totalBytes())
    settings = DaemonSettings()
    let files = JournalFiles.newestFirst(path)
    print("disk: \(written) records over \(n) simulated days (a job every second): largest total \(largest) bytes, "
        + "history_max_size \(settings.historyMaxBytes); at the end \(files.count) files, \(totalBytes()) bytes")
} else {
    let journal = Journal(path: path, zone: .utc, retention: JournalRetention(maxBytes: 1 << 30, keep: .seconds(3_650 * 86_400)))
    var state = HistoryState()
    var batch: [JournalRecord] = []
    for i in 1...n {
        let t = Instant(seconds: SystemClock.realtime() / 1_000_000_000 - Int64(n - i))
        batch.append(record("job\(i % 20)", run: i / 20 + 1, at: t))
        if batch.count == 10_000 || i == n {
            try journal.append(contentsOf: batch)
            state.merge(batch)
            batch.removeAll(keepingCapacity: true)
        }
    }
    let p = journal.position()
    (state.journalDevice, state.journalInode, state.offset) = (p.device, p.inode, p.size)
    state.writtenAt = Instant(nanoseconds: SystemClock.realtime())
    try state.write(dir + "/history.state")
    print("generated \(n) records in \(JournalFiles.newestFirst(path).count) files, \(totalBytes()) bytes")
}
