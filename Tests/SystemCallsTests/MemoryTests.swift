import Testing
@testable import SystemCalls

@Suite struct MemoryTests {
    /// RssFile from /proc/self/status, in KiB.
    static func residentFileKiB() -> Int? {
        guard let bytes = try? FileSystem.readFile("/proc/self/status") else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("RssFile:") {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }

    // Both measure this process's memory: in a child process of their own (see `isolatedInChild`).
    #if os(Linux)
    @Test func droppingCodePagesShrinksResidencyAndEverythingStillRuns() throws {
        guard try isolatedInChild("MemoryTests/droppingCodePagesShrinksResidency") else { return }
        let mappings = ReadOnlyMappings()
        #expect(!mappings.isEmpty)
        let before = try #require(Self.residentFileKiB())
        let advised = mappings.drop()
        let after = try #require(Self.residentFileKiB())
        #expect(advised > 0)
        #expect(after < before, "RssFile \(before) → \(after) KiB")
        // Relocated read-only data (RELRO) must not have been dropped: calls through it still work.
        let s = String(repeating: "x", count: 1000) + "\(advised)"
        #expect(s.count > 1000)
        #expect(try FileSystem.readFile("/proc/self/maps").count > 0)
        Memory.releaseFreeHeap()
    }

    @Test func peakResidentSizeResetsToTheCurrentOne() throws {
        guard try isolatedInChild("MemoryTests/peakResidentSizeResetsToTheCurrentOne") else { return }
        func field(_ name: String) -> Int? {
            guard let bytes = try? FileSystem.readFile("/proc/self/status") else { return nil }
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name + ":") {
                return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
            }
            return nil
        }
        // Raise the peak by 64 MiB, give it back, then reset.
        let size = 64 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        block.initializeMemory(as: UInt8.self, repeating: 1, count: size)
        block.deallocate()
        Memory.releaseFreeHeap()
        let peak = try #require(field("VmHWM"))
        Memory.resetPeakResidentSize()
        let after = try #require(field("VmHWM"))
        #expect(after < peak - 32 * 1024, "VmHWM \(peak) → \(after) KiB")
    }
    #endif
}
