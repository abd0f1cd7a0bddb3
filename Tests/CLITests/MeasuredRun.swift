import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A run of the binary whose peak memory is measured: spawned and waited for with `wait4`, so the
/// figure is that process's own (maximum resident set), not any other test's child.
enum MeasuredRun {
    struct Result {
        let status: Int32
        let stderr: String
        /// Peak resident memory, in bytes.
        let peakMemory: Int
    }

    static func run(_ arguments: [String], in directory: URL) throws -> Result {
        let errors = directory.appendingPathComponent(".measured-stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // sh changes folder, then becomes backlab (exec): one process, whose peak wait4 reports.
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command =
            "cd \(quoted(directory.path)) && exec " + ([BacklabBinary.executable.path] + arguments).map(quoted).joined(separator: " ")
        let program = "/bin/sh"
        let words: [String] = [program, "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        argv.append(nil)
        defer { for word in argv { free(word) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: errors)
        return Result(status: exit, stderr: stderr, peakMemory: usage.ru_maxrss * 1024)
    }
}
