import SystemCalls

/// Reads standard input to its end.
func readStandardInput() -> [UInt8] { (try? FileDescriptor.standardInput.readAll()) ?? [] }

func writeStandardOutput(_ bytes: [UInt8]) { try? FileDescriptor.standardOutput.write(all: bytes) }

func fail(_ message: String, code: Int32) -> Never {
    try? FileDescriptor.standardError.write(all: message + "\n")
    CurrentProcess.exit(code)
}

/// Reads a whole file, or exits with a message.
func readFile(_ path: String) -> [UInt8] {
    do { return try FileSystem.readFile(path) } catch { fail("cannot open \(path): \(error)", code: 2) }
}
