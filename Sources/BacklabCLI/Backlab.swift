import ArgumentParser
import Engine

/// The `backlab` command.
public struct Backlab: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backlab",
        abstract: "Build-style backtesting: study folders in, cached results and a static site out.",
        subcommands: [
            BuildCommand.self, ServeCommand.self, PublishCommand.self, PlanCommand.self, CleanCommand.self, RunCommand.self,
            ExportDataCommand.self, ExportReturnsCommand.self,
            PluginsCommand.self, BenchCommand.self,
        ])

    public init() {}
}

/// Prints diagnostics to stderr and exits with code 1, the exit code of bad input.
func failWithDiagnostics(_ error: Error) -> ExitCode {
    switch error {
    case let list as DiagnosticList: Terminal.printError(list.description)
    case let diagnostic as Diagnostic: Terminal.printError(diagnostic.description)
    default: Terminal.printError("error: \(error)")
    }
    return ExitCode(1)
}

extension Backlab {
    /// Parses the command line, runs the command and exits. Usage errors exit with 1 (DESIGN
    /// section 5), not argument-parser's 64, so scripts see one code for all bad input.
    public static func runAndExit(_ arguments: [String]? = nil) -> Never {
        MemoryTuning.apply()
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            self.exit()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.printError(fullMessage(for: error))
                self.exit(withError: ExitCode(1))
            }
            self.exit(withError: error)
        }
    }
}
