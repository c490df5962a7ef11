import SchedulerCore
import Testing
@testable import SchedulerDaemon

/// A small parser of the Prometheus text exposition format (0.0.4): HELP/TYPE lines, metric and label
/// names, escaped label values, float values. Throws on anything the format does not allow.
struct Exposition {
    struct Sample: Equatable { var name: String; var labels: [String: String]; var value: Double }
    var help: [String: String] = [:]
    var type: [String: String] = [:]
    var samples: [Sample] = []

    struct Bad: Error, CustomStringConvertible { var line: String; var why: String; var description: String { "\(why): \(line)" } }

    static func isName(_ s: Substring, colons: Bool) -> Bool {
        guard let f = s.first, f.isASCII, f.isLetter || f == "_" || (colons && f == ":") else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || (colons && $0 == ":")) }
    }

    init(_ text: String) throws {
        guard text.hasSuffix("\n") else { throw Bad(line: "", why: "no final newline") }
        var seenFamilies: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# ") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard parts.count >= 3, ["HELP", "TYPE"].contains(parts[1]), Self.isName(parts[2], colons: true) else { continue }
                let name = String(parts[2]), rest = parts.count > 3 ? String(parts[3]) : ""
                if parts[1] == "HELP" {
                    guard help[name] == nil else { throw Bad(line: String(line), why: "second HELP") }
                    help[name] = rest
                } else {
                    guard type[name] == nil, ["counter", "gauge", "histogram", "summary", "untyped"].contains(rest),
                          !samples.contains(where: { $0.name == name }) else { throw Bad(line: String(line), why: "bad TYPE") }
                    type[name] = rest
                }
                continue
            }
            guard !line.isEmpty else { throw Bad(line: "", why: "empty line") }
            let s = try Self.sample(line)
            if seenFamilies.last != s.name {
                guard !seenFamilies.contains(s.name) else { throw Bad(line: String(line), why: "family not contiguous") }
                seenFamilies.append(s.name)
            }
            samples.append(s)
        }
    }

    static func sample(_ line: Substring) throws -> Sample {
        let nameEnd = line.firstIndex { $0 == "{" || $0 == " " } ?? line.endIndex
        let name = line[..<nameEnd]
        guard isName(name, colons: true) else { throw Bad(line: String(line), why: "bad metric name") }
        var rest = line[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let eq = rest.firstIndex(of: "="), isName(rest[..<eq], colons: false) else { throw Bad(line: String(line), why: "bad label name") }
                let key = String(rest[..<eq])
                rest = rest[rest.index(after: eq)...]
                guard rest.first == "\"" else { throw Bad(line: String(line), why: "label value not quoted") }
                rest = rest.dropFirst()
                var value = ""
                while let c = rest.first, c != "\"" {
                    rest = rest.dropFirst()
                    if c == "\\" {
                        guard let e = rest.first, "\\\"n".contains(e) else { throw Bad(line: String(line), why: "bad escape") }
                        value.append(e == "n" ? "\n" : e); rest = rest.dropFirst()
                    } else if c == "\n" { throw Bad(line: String(line), why: "raw newline") } else { value.append(c) }
                }
                guard rest.first == "\"", labels[key] == nil else { throw Bad(line: String(line), why: "unterminated or repeated label") }
                labels[key] = value
                rest = rest.dropFirst()
                if rest.first == "," { rest = rest.dropFirst() }
            }
            rest = rest.dropFirst()
        }
        let fields = rest.split(separator: " ")
        guard rest.first == " ", (1...2).contains(fields.count), let v = Double(fields[0]) ?? (["+Inf", "-Inf", "NaN"].contains(fields[0]) ? 0 : nil),
              fields.count == 1 || Int64(fields[1]) != nil else { throw Bad(line: String(line), why: "bad value") }
        return Sample(name: String(name), labels: labels, value: v)
    }

    func value(_ name: String, _ labels: [String: String]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}

@Suite struct MetricsFormatTests {
    static func record(_ job: String, _ status: RunStatus, ended: Int64, seconds: Int64) -> JournalRecord {
        let end = Instant(nanoseconds: ended * 1_000_000_000)
        return JournalRecord(job: job, run: 1, attempt: 1, scheduledAt: end, startedAt: end - .seconds(seconds), endedAt: end, status: status)
    }

    @Test func renderedTextParses() throws {
        var m = MetricsState()
        m.order = ["backup", "odd\"name\\x"]
        m.record(Self.record("backup", .failed, ended: 1_700_000_000, seconds: 3))
        m.record(Self.record("backup", .succeeded, ended: 1_700_000_100, seconds: 12))
        m.jobs["backup"]!.running = 1
        m.jobs["backup"]!.nextDue = Instant(nanoseconds: 1_700_003_600_500_000_000)
        let text = MetricsText.render(m)
        let p = try Exposition(text)
        #expect(p.type["scheduler_job_runs_total"] == "counter" && p.type["scheduler_job_running"] == "gauge")
        #expect(Set(p.samples.map(\.name)).isSubset(of: Set(p.type.keys)) && Set(p.type.keys) == Set(p.help.keys))
        #expect(p.value("scheduler_job_last_success_timestamp_seconds", ["job": "backup"]) == 1_700_000_100)
        #expect(p.value("scheduler_job_last_duration_seconds", ["job": "backup"]) == 12)
        #expect(p.value("scheduler_job_runs_total", ["job": "backup", "status": "failed"]) == 1)
        #expect(p.value("scheduler_job_runs_total", ["job": "backup", "status": "succeeded"]) == 1)
        #expect(p.value("scheduler_job_runs_total", ["job": "backup", "status": "skipped"]) == 0)
        #expect(p.value("scheduler_job_running", ["job": "backup"]) == 1)
        #expect(p.value("scheduler_job_next_run_timestamp_seconds", ["job": "backup"]) == 1_700_003_600.5)
        // Escaped label values come back as written; a job without runs has no duration sample.
        #expect(p.value("scheduler_job_running", ["job": "odd\"name\\x"]) == 0)
        #expect(p.value("scheduler_job_last_duration_seconds", ["job": "odd\"name\\x"]) == nil)
    }

    @Test(arguments: ["m{job=\"a} 1\n", "m{job=a} 1\n", "1m 1\n", "m 1 x\n", "m{job=\"a\",job=\"b\"} 1\n", "m 1",
                      "m 1\nn 1\nm 2\n", "# TYPE m wat\nm 1\n"])
    func parserRejects(text: String) {
        #expect(throws: Exposition.Bad.self) { try Exposition(text) }
    }

    @Test(arguments: [(0.0, "0.000"), (12.3456, "12.346"), (1_700_000_000.5, "1700000000.500"), (-0.25, "-0.250")])
    func numbers(x: Double, text: String) {
        #expect(MetricsText.format(x) == text)
    }
}

@Suite struct MetricsStateTests {
    @Test func journalSeedsLastSuccessButNotCounts() {
        var m = MetricsState()
        m.remember(MetricsFormatTests.record("a", .succeeded, ended: 100, seconds: 5))
        m.remember(MetricsFormatTests.record("a", .failed, ended: 200, seconds: 7))
        m.remember(MetricsFormatTests.record("a", .skipped, ended: 300, seconds: 0))
        #expect(m.jobs["a"]?.lastSuccess == Instant(nanoseconds: 100_000_000_000))
        #expect(m.jobs["a"]?.lastDurationSeconds == 7 && m.jobs["a"]?.runs == [:])
    }
}
