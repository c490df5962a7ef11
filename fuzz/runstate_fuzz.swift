// libFuzzer entry point for the run-state (lock file) reader, built by fuzz/run together with
// Sources/StateFormats/*.swift (no SystemCalls: the reader is a pure function over bytes).

/// Parses the input as a lock file's content and checks: no crash or hang, every number in range (a pid
/// we might show or signal is > 0), and what we write back reads back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func runStateFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let s = RunState.parse(bytes) else { return 0 }
    precondition(s.pid > 0, "pid ≤ 0")
    precondition(Timestamp.secondsRange.contains(s.startedAt), "started out of range")
    precondition(s.run >= 0 && s.attempt >= 0 && s.attempts >= 0, "negative counter")
    _ = s.run + 1; _ = s.attempt + 1
    var again = RunState.parse(s.text)
    // `text` joins lines of job and command with spaces, and the note carries the job; compare the rest.
    again?.job = s.job; again?.command = s.command
    precondition(again?.pid == s.pid && again?.run == s.run && again?.startedAt == s.startedAt
        && again?.scheduledNanos == s.scheduledNanos && again?.startedNanos == s.startedNanos, "write/read round trip differs")
    return 0
}
