// toml-test decoder: TOML on stdin → tagged JSON on stdout (exit 0), or a message on stderr (exit 1).
//   toml-test-decoder [--toml 1.0.0|1.1.0]
//   toml-test-decoder [--toml 1.1.0] --bench N FILE    parse FILE N times, print speed and memory
import SystemCalls
import TOML

var options = TOMLParser.Options()
var benchRuns: Int?
var benchFile: String?
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--toml":
        switch args.popFirst() {
        case "1.0.0": options.version = .v1_0
        case "1.1.0": options.version = .v1_1
        default: fail("--toml takes 1.0.0 or 1.1.0", code: 2)
        }
    case "--bench":
        guard let n = args.popFirst().flatMap({ Int($0) }), n > 0, let file = args.popFirst() else {
            fail("usage: toml-test-decoder --bench N FILE", code: 2)
        }
        (benchRuns, benchFile) = (n, file)
    default:
        fail("usage: toml-test-decoder [--toml 1.0.0|1.1.0] [--bench N FILE] < input.toml", code: 2)
    }
}

if let runs = benchRuns, let file = benchFile {
    runBenchmark(file: file, runs: runs, options: options)
    CurrentProcess.exit(0)
}

let input = readStandardInput()
do {
    let table = try TOMLParser.parse(input, options: options)
    var out = JSONWriter()
    out.table(table)
    out.bytes.append(0x0A)
    writeStandardOutput(out.bytes)
    CurrentProcess.exit(0)
} catch {
    fail("toml-test-decoder: \(error.position.line):\(error.position.column): \(error.message)", code: 1)
}
