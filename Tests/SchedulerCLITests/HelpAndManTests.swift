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

    /// The synopsis of a command: the Usage lines of its --help, and in scheduler.1 the lines of
    /// its subsection before the first paragraph. Both name every flag of its Options (long or short form).
    @Test func everyFlagIsInBothSynopses() throws {
        let box = try CLISandbox(config: "[jobs.a]\ncommand = \"true\"\nevery = \"1h\"\n")
        let manPath = FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: FileSystem.parentDirectory(of: #filePath))) + "/man/scheduler.1"
        let man = String(decoding: try FileSystem.readFile(manPath), as: UTF8.self)
        var checked = 0
        for name in try Self.commandNames(box) {
            let help = try box.run([name, "--help"]).out
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            let usage = lines.prefix { !$0.isEmpty }.joined(separator: "\n") + " "
            let section = man.split(separator: "\n.Ss \(name)\n").dropFirst().first ?? ""
            let synopsis = (section.split(separator: "\n.Pp").first.map(String.init) ?? "") + "\n"
            let options = lines.drop { $0 != "Options:" }.dropFirst().prefix { $0.hasPrefix("  ") }
            for line in options {
                let words = line.split(separator: " ").map { String($0.filter { $0 != "," }) }
                guard let long = words.first(where: { $0.hasPrefix("--") }), long != "--help" else { continue }
                let short = words.first.flatMap { $0.count == 2 && $0.hasPrefix("-") ? $0 : nil }
                checked += 1
                let inUsage = [long + " ", long + "]", long + "."].contains { usage.firstRange(of: $0) != nil }
                    || short.map { s in [s + " ", s + "]"].contains { usage.firstRange(of: $0) != nil } } == true
                #expect(inUsage, "'scheduler \(name) --help' Usage lacks \(long)")
                let inMan = synopsis.firstRange(of: "Fl -\(long.dropFirst(2))\n") != nil || synopsis.firstRange(of: "Fl -\(long.dropFirst(2)) ") != nil
                    || short.map { synopsis.firstRange(of: "Fl \($0.dropFirst()) ") != nil || synopsis.firstRange(of: "Fl \($0.dropFirst())\n") != nil } == true
                #expect(inMan, "scheduler.1's synopsis of \(name) lacks \(long)")
            }
        }
        #expect(checked > 30)
    }
}
