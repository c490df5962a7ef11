import SchedulerCore
import SystemCalls
import Testing
@testable import SchedulerDaemon

/// `@reboot` through a real daemon, with a faked boot id (SCHEDULER_BOOT_ID_FILE, for tests only).
@Suite(.serialized) struct DaemonRebootTests {
    @Test func runsAtTheFirstStartOfEachBootOnly() throws {
        let box = try DaemonSandbox(config: "[jobs.warm]\ncommand = \"echo warmed\"\ncron = \"@reboot\"\n")
        let bootFile = box.dir + "/boot_id"
        func start(boot: String, _ name: String) throws -> Int32 {
            try FileSystem.writeFileAtomically(bootFile, Array((boot + "\n").utf8), permissions: 0o600)
            return try box.startDaemon(name, extraEnv: [BootRecord.testVariable: bootFile])
        }
        var pid = try start(boot: "0b5a7c1e-0000-4000-8000-000000000001", "first")
        #expect(box.wait { box.records.count == 1 })
        #expect(box.log.contains("scheduler[warm]: @reboot: runs now: the daemon's first start since the machine booted"))
        #expect(box.log.contains("app[warm.1]: warmed"))
        #expect(try box.stop(pid) == .exited(code: 0))
        // A restart in the same boot: not again, and said so.
        pid = try start(boot: "0b5a7c1e-0000-4000-8000-000000000001", "second")
        #expect(box.wait { box.log.contains("@reboot: not run: this boot already had it") })
        #expect(try box.stop(pid) == .exited(code: 0))
        // The next boot: once more.
        pid = try start(boot: "0b5a7c1e-0000-4000-8000-000000000002", "third")
        #expect(box.wait { box.records.count == 2 })
        #expect(try box.stop(pid) == .exited(code: 0))
        #expect(box.records.map(\.run) == [1, 2])
        #expect(String(decoding: try FileSystem.readFile(box.paths.bootRecord), as: UTF8.self) == "0b5a7c1e-0000-4000-8000-000000000002\n")
    }

    @Test func unreadableBootIDIsSaid() throws {
        let box = try DaemonSandbox(config: "[jobs.warm]\ncommand = \"echo warmed\"\ncron = \"@reboot\"\n")
        let pid = try box.startDaemon(extraEnv: [BootRecord.testVariable: box.dir + "/missing"])
        #expect(box.wait { box.log.contains("@reboot: not run: can't read the boot id from \(box.dir)/missing") })
        #expect(try box.stop(pid) == .exited(code: 0))
        #expect(box.records.isEmpty)
    }

    @Test func bootIDsAreValidated() throws {
        #expect(try BootRecord.bootID(Array("c0ffee-12\n".utf8)) == "c0ffee-12")
        for bad in ["", "\n", "not hex", String(repeating: "a", count: 65)] {
            #expect(throws: (any Error).self) { try BootRecord.bootID(Array(bad.utf8)) }
        }
    }
}
