import SystemCalls
import Testing
@testable import SchedulerCore

/// `shell`: a path, or the path and its arguments (`["/bin/bash", "-l"]`); run as `shell… -c LINE`.
@Suite struct ConfigShellTests {
    static func load(_ shell: String, executables: Set<String> = ["/bin/sh", "/bin/bash"]) -> ConfigLoadResult {
        let loader = ConfigLoader(environment: ["HOME": "/home/u"], userID: nil,
                                  files: ConfigFiles(read: { _ in nil }, isDirectory: { _ in nil },
                                                     isExecutable: { executables.contains($0) }),
                                  status: { _ in nil })
        return loader.parse(text: "[jobs.x]\ncron = \"@daily\"\ncommand = \"rake t\"\nshell = \(shell)\n", path: "/c/s.toml")
    }

    @Test(arguments: [
        ("\"/bin/bash\"", ShellProgram("/bin/bash")),
        ("[\"/bin/bash\", \"-l\"]", ShellProgram("/bin/bash", arguments: ["-l"])),
        ("[\"/bin/sh\"]", ShellProgram("/bin/sh")),
    ])
    func accepted(shell: String, expected: ShellProgram) {
        let r = Self.load(shell)
        #expect(r.errors.isEmpty, "\(r.diagnostics)")
        #expect(r.config?.jobs.first?.command == .shell("rake t", shell: expected))
    }

    /// A string with a space used to pass check and fail at run time (spawn "/bin/bash -l": no such file).
    @Test(arguments: [
        ("\"/bin/bash -l\"", "is one path", "shell = [\"/bin/bash\", \"-l\"]"),
        ("\"/usr/local/bin/zsh\"", "not an executable file", "install it"),
        ("[\"/bin/bash\", 1]", "array of strings", "shell = [\"/bin/bash\", \"-l\"]"),
        ("[]", "array of strings", "shell = ["),
        ("[\"bash\", \"-l\"]", "absolute path", "/bin/bash"),
    ])
    func refused(shell: String, message: String, hint: String) {
        let r = Self.load(shell)
        #expect(r.errors.count == 1, "\(r.diagnostics)")
        let d = r.errors.first
        #expect(d?.message.contains(message) == true && d?.hint?.contains(hint) == true, "\(String(describing: d))")
    }

    /// The real check follows symbolic links (/bin/sh → dash) and wants an execute bit.
    @Test func realExecutableCheck() throws {
        #expect(ConfigFiles.real.isExecutable("/bin/sh"))
        #expect(!ConfigFiles.real.isExecutable("/etc/passwd") && !ConfigFiles.real.isExecutable("/bin") && !ConfigFiles.real.isExecutable("/nonexistent"))
    }
}
