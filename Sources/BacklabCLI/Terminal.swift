import ArgumentParser
import Foundation

/// Output to the terminal: results to stdout, problems to stderr.
enum Terminal {
    /// Writes a line to standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Writes text to standard output without buffering surprises.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes a command's output to the file `path` (its folder made, the file replaced atomically),
    /// or to standard output when there is none; a file that cannot be written exits with 1.
    static func deliver(_ text: String, to path: String?) throws {
        guard let path else { return write(text) }
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            printError("\(path): error: cannot write the file (\(error.localizedDescription))")
            throw ExitCode(1)
        }
    }
}
