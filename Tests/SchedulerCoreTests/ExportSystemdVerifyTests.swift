import SystemCalls
import Testing
@testable import SchedulerCore

/// The exported units pass `systemd-analyze --user verify` (Debian's `systemd` package; the test is
/// skipped without it — `apt-get install -y systemd` installs it without starting systemd).
@Suite(.serialized) struct ExportSystemdVerifyTests {
    static let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first { FileSystem.exists($0) }

    @Test(.enabled(if: analyze != nil, "systemd-analyze is not installed: apt-get install -y systemd"))
    func exportedUnitsVerify() throws {
        let dir = try FileSystem.makeTemporaryDirectory(prefix: "export-verify")
        defer { try? FileSystem.removeTree(dir) }
        try FileSystem.makeDirectories(dir + "/run", permissions: 0o700)
        let units = SystemdExport.units(ExportFixture.jobs, source: "test", systemZone: .utc, now: ExportFixture.now)
        for u in units { try FileSystem.writeFileAtomically(dir + "/" + u.name, Array(u.text.utf8)) }
        let out = try FileDescriptor.open(dir + "/verify.out", .writeOnly, options: [.create, .truncate])
        let pid = try Spawn.launch(Spawn.Request(
            executable: Self.analyze!, arguments: ["--user", "verify"] + units.map { dir + "/" + $0.name },
            environment: ["PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": dir + "/run", "HOME": dir, "SYSTEMD_LOG_COLOR": "0"],
            workingDirectory: dir, standardOutput: .descriptor(out), standardError: .descriptor(out)))
        try out.close()
        let status = try Child.wait(pid).status
        let text = String(decoding: try FileSystem.readFile(dir + "/verify.out"), as: UTF8.self)
        #expect(status == .exited(code: 0) && text.isEmpty, "\(text)")
        #expect(units.count == 2 * ExportFixture.jobs.count)
    }
}
