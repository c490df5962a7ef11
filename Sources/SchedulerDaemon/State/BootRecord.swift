import SchedulerCore
import SystemCalls

/// Whether this daemon start is the first since the machine booted: the `@reboot` rule.
public enum BootStart: Sendable, Equatable {
    /// The first start of this boot: `@reboot` jobs run.
    case first(bootID: String)
    /// The daemon already started during this boot (a restart, a crash, a reinstall): they don't run again.
    case again(bootID: String)
    /// The boot id can't be read, so a new boot can't be told from a restart: they don't run.
    case unknown(reason: String)
}

/// The kernel's boot id (a new random UUID at every boot) against the one the last start recorded in
/// STATE/boot_id. Like cron, which runs `@reboot` entries when cron itself first starts after a boot; the
/// file keeps a daemon restarted later in the same boot from running them again.
public enum BootRecord {
    public static let kernelPath = "/proc/sys/kernel/random/boot_id"
    /// Tests only: a file to read the boot id from instead of the kernel's (fakes a reboot).
    public static let testVariable = "SCHEDULER_BOOT_ID_FILE"

    /// Where this daemon reads the boot id.
    public static func source(environment: [String: String]) -> String {
        environment[testVariable].flatMap { $0.isEmpty ? nil : $0 } ?? kernelPath
    }

    /// Compares the boot id in `source` with the recorded one; reads only.
    public static func check(paths: StatePaths, source: String) -> BootStart {
        let current: String
        do { current = try bootID(try FileSystem.readFile(source)) } catch {
            return .unknown(reason: "can't read the boot id from \(source): \(error)")
        }
        let recorded = (try? PausedJobs.readOwn(paths.bootRecord)).flatMap { try? bootID($0) }
        return recorded == current ? .again(bootID: current) : .first(bootID: current)
    }

    /// Records a first start's boot id (0600, atomically), so later starts of this boot don't run `@reboot` jobs.
    public static func record(_ start: BootStart, paths: StatePaths) throws {
        guard case .first(let id) = start else { return }
        try FileSystem.writeFileAtomically(paths.bootRecord, Array((id + "\n").utf8), permissions: 0o600)
    }

    /// A boot id: one line of hex digits and dashes (a UUID), at most 64 characters.
    static func bootID(_ bytes: [UInt8]) throws -> String {
        var text = String(decoding: bytes.prefix(128), as: UTF8.self)
        while let last = text.last, last == "\n" || last == " " { text.removeLast() }
        guard !text.isEmpty, text.count <= 64, text.allSatisfy({ $0 == "-" || $0.isHexDigit }) else {
            throw BootIDError()
        }
        return text
    }

    struct BootIDError: Error, CustomStringConvertible {
        var description: String { "not a boot id (a UUID)" }
    }
}

extension StatePaths {
    /// The boot id of the boot whose first daemon start ran the `@reboot` jobs.
    public var bootRecord: String { state + "/boot_id" }
}
