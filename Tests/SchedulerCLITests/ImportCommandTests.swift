import SystemCalls
import Testing

/// `scheduler import` run as a user would: through standard input, with several files.
@Suite struct ImportCommandTests {
    static func fixture(_ name: String) -> String {
        var root = #filePath
        for _ in 0..<2 { root = String(root[..<root.lastIndex(of: "/")!]) }
        return root + "/Fixtures/crontab/" + name
    }

    /// `ssh web1 cat /etc/cron.d/x | scheduler import`: the user field is recognised, and the format is said.
    @Test func systemCrontabThroughStdin() throws {
        let box = try CLISandbox(config: "")
        let r = try box.run(["import"], input: Self.fixture("debian-cron.d-e2scrub_all"))
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("standard input: read as a system crontab") && r.err.contains("(root)"), "\(r.err)")
        #expect(!r.out.contains("command = \"root ") && r.out.contains("# cron ran this as user 'root'"), "\(r.out)")
    }

    @Test func mixedFileWarnsAndUserFlagIsSaid() throws {
        let box = try CLISandbox(config: "")
        let mixed = try box.run(["import", Self.fixture("copied-mixed")])
        #expect(mixed.status == 0 && mixed.err.contains("WARNING") && mixed.err.contains("--system"), "\(mixed.err)")
        let user = try box.run(["import", "--user", Self.fixture("debian-etc-crontab")])
        #expect(user.err.contains("read as a user crontab (no user field) because --user given"), "\(user.err)")
    }

    @Test func severalFiles() throws {
        let box = try CLISandbox(config: "")
        let r = try box.run(["import", Self.fixture("debian-cron.d-sysstat"), Self.fixture("crontab-l")])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("# ---- from ") && !r.out.contains("[defaults]"))
        try box.writeConfig(r.out)
        let check = try box.run(["check"])
        #expect(check.status == 0, "\(check.out)\(check.err)")
        let stdinAndFile = try box.run(["import", "-", Self.fixture("crontab-l")])
        #expect(stdinAndFile.status == 2)
    }

    /// `scheduler export --format crontab | scheduler import` as a user runs it: the same job names come back.
    @Test func exportThenImportThroughTheCommands() throws {
        let box = try CLISandbox(config: "")
        let first = try box.run(["import", Self.fixture("whenever-capistrano")])
        #expect(first.status == 0, "\(first.err)")
        try box.writeConfig(first.out)
        let exported = try box.run(["export", "--format", "crontab"])
        #expect(exported.status == 0 && exported.out.contains("# job: rake-orders-sync\n"), "\(exported.out)\(exported.err)")
        try FileSystem.writeFileAtomically(box.dir + "/exported.crontab", Array(exported.out.utf8))
        let again = try box.run(["import"], input: box.dir + "/exported.crontab")
        #expect(again.status == 0 && again.err.contains("read as a user crontab"), "\(again.err)")
        let names = { (toml: String) in toml.split(separator: "\n").filter { $0.hasPrefix("[jobs.") }.sorted() }
        #expect(names(again.out) == names(first.out) && names(first.out).count == 5, "\(again.out)")
    }

    /// Two jobs that become one CronJob name: exit 2 naming both.
    @Test func kubernetesNameClashIsAnError() throws {
        let box = try CLISandbox(config: "[jobs.a_b]\ncommand = \"x\"\nhourly = 1\n[jobs.a-b]\ncommand = \"y\"\nhourly = 2\n")
        let r = try box.run(["export", "--format", "kubernetes", "--image", "i"])
        #expect(r.status == 2 && r.err.contains("jobs 'a_b' and 'a-b' both become the CronJob name 'a-b'"), "\(r.err)")
    }
}
