// libFuzzer entry point for the journal (history.jsonl) reader, built by fuzz/run together with
// Sources/StateFormats/*.swift (no SystemCalls: the reader is a pure function over bytes).

/// Decodes the input as a journal file and checks: no crash or hang, every record's fields in range,
/// every complete non-empty line is either a record or a warning, and decoding in two pieces at any
/// newline gives the same records as decoding at once (what `Journal.readAll` does across 1 MiB reads).
@_cdecl("LLVMFuzzerTestOneInput")
public func journalFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let all = JournalText.decode(bytes[...])
    for (_, r) in all.records {
        precondition(r.endedAt >= r.startedAt, "end before start")
        precondition(r.cpuSeconds.isFinite && r.cpuSeconds >= 0 && r.cpuSeconds <= JournalLine.maxCPUSeconds, "cpu out of range")
        precondition((0...JournalLine.maxCounter).contains(r.run) && (0...JournalLine.maxCounter).contains(r.attempt), "counter")
        precondition(JournalLine.statuses.contains(r.status), "status")
        _ = r.run + 1; _ = r.endedAt - r.startedAt // what history and the engine compute
    }
    let complete = bytes[..<all.tail.startIndex]
    let lines = complete.split(separator: 10, omittingEmptySubsequences: true).count
    precondition(all.records.count + all.warnings.count == lines, "a line was neither a record nor a warning")
    if let cut = bytes.firstIndex(of: 10) {
        let first = JournalText.decode(bytes[...cut]), rest = JournalText.decode(bytes[(cut + 1)...], firstLine: first.nextLine)
        precondition((first.records + rest.records).map(\.line) == all.records.map(\.line), "split decoding differs")
        precondition(zip(first.records + rest.records, all.records).allSatisfy { $0.record == $1.record }, "split decoding differs")
    }
    return 0
}
