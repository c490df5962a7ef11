import SystemCalls
import Testing

/// Every command of the table answers --help and has its subsection in man/scheduler.1.
@Suite(.serialized) struct HelpAndManTests {
    /// Command names as `scheduler --help` lists them.
    static func commandNames(_ box: CLISandbox) throws -> [String] {
        let help = try box.run(["--help"]).out
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = lines.firstIndex(of: "Commands:") else { return [] }
        return lines[(i + 1)...].prefix { $0.hasPrefix("  ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    @Test func everyCommandHasHelpAndAManPageSubsection() throws {
        let box = try CLISandbox(config: "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n")
        let names = try Self.commandNames(box)
        #expect(names.contains("run") && names.contains("ps") && names.contains("logs") && names.contains("edit"))
        let manPath = FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: #filePath))) + "/man/scheduler.1"
        let man = String(decoding: try FileSystem.readFile(manPath), as: UTF8.self)
        for name in names {
            let r = try box.run([name, "--help"])
            #expect(r.status == 0 && r.out.hasPrefix("Usage: scheduler \(name)"), "\(name) --help")
            #expect(man.contains("\n.Ss \(name)\n"), "man/scheduler.1 has no .Ss \(name)")
        }
        #expect(try box.run(["status", "--help"]).out.hasPrefix("Usage: scheduler list"))
    }

    /// Long flags from the "Options:" part of `scheduler COMMAND --help`.
    static func flags(inHelp help: String) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = lines.firstIndex(of: "Options:") else { return [] }
        return lines[(i + 1)...].prefix { $0.hasPrefix("  ") }.compactMap { line in
            guard let r = line.firstRange(of: "--") else { return nil }
            return String(line[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" })
        }
    }

    @Test func everyFlagIsInTheManPage() throws {
        let box = try CLISandbox(config: "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n")
        let manPath = FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: #filePath))) + "/man/scheduler.1"
        let man = String(decoding: try FileSystem.readFile(manPath), as: UTF8.self)
        var checked = 0
        for name in try Self.commandNames(box) {
            for flag in Self.flags(inHelp: try box.run([name, "--help"]).out) where flag != "help" {
                checked += 1
                #expect(man.contains("Fl \(flag)") || man.contains("Fl -\(flag)"), "scheduler.1 lacks --\(flag) of \(name)")
            }
        }
        #expect(checked > 30)
    }
}
