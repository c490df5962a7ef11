import SystemCalls
import TOML

/// `--bench N FILE`: parses FILE N times and prints one `key=value` line per figure, for benchmarks/toml/bench.sh.
func runBenchmark(file: String, runs: Int, options: TOMLParser.Options) {
    let bytes = readFile(file)
    var parseTimes: [Double] = [], walkTimes: [Double] = []
    var values = 0
    for _ in 0..<runs {
        let t0 = now()
        guard let doc = try? TOMLParser.parse(bytes, options: options) else { fail("\(file): parse error", code: 1) }
        let t1 = now()
        values = walk(.table(doc))
        parseTimes.append(t1 - t0)
        walkTimes.append(now() - t1)
    }
    let documentBytes = (try? TOMLParser.parse(bytes, options: options))?.documentBytes ?? 0
    let mb = Double(bytes.count) / 1_000_000
    let parse = parseTimes.sorted()[runs / 2], walked = walkTimes.sorted()[runs / 2]
    print("file_bytes=\(bytes.count)")
    print("values=\(values)")
    print("parse_mb_s=\(fmt(mb / parse))")
    print("parse_walk_mb_s=\(fmt(mb / (parse + walked)))")
    print("doc_bytes=\(documentBytes)")
    print("peak_rss_kb=\(peakRSSKilobytes())")
}

/// Decodes every value (what a consumer reading the whole file does); returns how many there were.
func walk(_ v: TOMLValue) -> Int {
    switch v {
    case .table(let t): return t.entries.reduce(1) { $0 + walk($1.entry.value) }
    case .array(let a): return a.elements.reduce(1) { $0 + walk($1) }
    case .string(let s): return s.utf8.count >= 0 ? 1 : 0
    default: return 1
    }
}

/// CPU time of this process: on a shared, busy machine wall time mostly measures the other processes.
func now() -> Double { Double(SystemClock.now(.processCPU)) / 1e9 }

func fmt(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    return "\(r)"
}

func peakRSSKilobytes() -> Int { Int(CurrentProcess.resourceUsage().maxResidentKiB) }
