import Foundation

/// Runs the real `backlab` executable, as a user would, and captures what it prints.
struct BacklabBinary {
    struct Output {
        let stdout: String
        let stderr: String
        let status: Int32
    }

    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `.build/debug/backlab`, next to the test bundle that SwiftPM built alongside it.
    static var executable: URL {
        if let override = ProcessInfo.processInfo.environment["BACKLAB_BIN"] { return URL(fileURLWithPath: override) }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = testBinary.deletingLastPathComponent().appendingPathComponent("backlab")
        if FileManager.default.isExecutableFile(atPath: sibling.path) { return sibling }
        return packageRoot.appendingPathComponent(".build/debug/backlab")
    }

    /// A started process (backlab unless `program` says otherwise) with its output pipes.
    static func start(
        _ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:],
        program: URL = executable
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        try? input.fileHandleForWriting.close()
        return (process, out, err)
    }

    /// Waits for a started process and collects its output; both pipes are read to the end
    /// before waiting, so a large output cannot block the child. With `killAfter`, a process
    /// still running after that many seconds is killed (status 9 by signal: a hang, not a result).
    static func finish(_ started: (Process, Pipe, Pipe), killAfter seconds: Double? = nil) -> Output {
        let (process, out, err) = started
        if let seconds {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [process] in
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self),
            status: process.terminationStatus)
    }

    /// Runs `backlab ARGS` (or `program ARGS`) in `directory` (default: the package root) to the end.
    static func run(
        _ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:],
        program: URL = executable
    ) throws -> Output {
        finish(try start(arguments, in: directory, environment: environment, program: program))
    }

    /// A fresh temporary folder with the given files (relative path -> content).
    static func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("backlab-test-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        return root
    }
}
