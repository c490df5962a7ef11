import FoundationEssentials
import Testing
@testable import SchedulerCore

/// scheduler.toml(5) documents every key, and its examples are valid configs.
@Suite struct ConfigManPageTests {
    static let manPage: String = {
        var root = #filePath
        for _ in 0..<3 { root = String(root[..<root.lastIndex(of: "/")!]) }
        let data = FileManager.default.contents(atPath: root + "/man/scheduler.toml.5") ?? Data()
        return String(decoding: data, as: UTF8.self)
    }()

    /// The literal blocks (`.Bd -literal` … `.Ed`) between two marker comments, with mdoc escapes undone.
    static func literalBlocks(between begin: String, and end: String) -> [String] {
        var blocks: [String] = [], current: [Substring]?, inside = false
        for line in manPage.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(begin) { inside = true; continue }
            if line.hasPrefix(end) { break }
            guard inside else { continue }
            if line.hasPrefix(".Bd -literal") { current = [] } else if line == ".Ed", let c = current {
                blocks.append(c.joined(separator: "\n").replacing("\\(dq", with: "\"").replacing("\\e", with: "\\"))
                current = nil
            } else { current?.append(line) }
        }
        return blocks
    }

    @Test(arguments: ConfigDecoder.jobKeys + ConfigDecoder.daemonKeys + ConfigDecoder.retryKeys + ConfigDecoder.clusterKeys)
    func keyIsDocumented(key: String) {
        #expect(Self.manPage.contains(".It Ic \(key) ") || Self.manPage.contains("Ic \(key) No =")
                    || Self.manPage.contains("Ic \(key) ,"), "\(key) is not in scheduler.toml.5")
    }

    @Test func workedExampleIsValid() throws {
        let blocks = Self.literalBlocks(between: ".\\\" CONFIG-EXAMPLES-BEGIN", and: ".\\\" CONFIG-EXAMPLES-END")
        let text = try #require(blocks.first)
        let r = ConfigFixture.load(text, files: ["/cfg/shop.env": "SECRET_KEY_BASE=x\n"])
        #expect(r.errors.map(\.description) == [])
        #expect(r.config?.jobs.map(\.name) == ["sitemap", "mailers", "report", "db.vacuum"])
        #expect(r.config?.daemon.logMaxBytes == 20 << 20)
    }

    /// README's first command runs the daemon on examples/scheduler.toml.
    @Test func shippedDemoConfigIsValid() throws {
        var root = #filePath
        for _ in 0..<3 { root = String(root[..<root.lastIndex(of: "/")!]) }
        let data = try #require(FileManager.default.contents(atPath: root + "/examples/scheduler.toml"))
        let r = ConfigFixture.load(String(decoding: data, as: UTF8.self))
        #expect(r.errors.map(\.description) == [])
        #expect(r.config?.jobs.contains { $0.name == "output_greeting" } == true)
        #expect(r.config?.daemon.outputToStderr == true)
    }

    @Test func crontabExampleIsValid() throws {
        let blocks = Self.literalBlocks(between: ".\\\" CONFIG-CRONTAB-BEGIN", and: ".\\\" CONFIG-CRONTAB-END")
        #expect(blocks.count == 2)
        let r = ConfigFixture.load(try #require(blocks.last))
        #expect(r.errors.map(\.description) == [])
        #expect(r.config?.jobs.first?.timeout == .seconds(3600))
    }
}
