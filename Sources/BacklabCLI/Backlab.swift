import ArgumentParser
import Engine

/// The `backlab` command.
public struct Backlab: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "backlab",
        abstract: "Build-style backtesting: study folders in, cached results and a static site out.",
        subcommands: [RunCommand.self, ExportDataCommand.self, PluginsCommand.self, BenchCommand.self])

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
