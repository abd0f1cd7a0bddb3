import ArgumentParser
import Engine
import Study
import Workflows

/// `backlab run PATH/run.yaml [--set dotted.path=value ...] [--json]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one backtest from a run.yaml and print its metrics and trades.",
        discussion: """
            Plugins (see `backlab plugins` for their parameters):
            \(PluginPhase.allCases.map { phase in "  \(phase.rawValue): " + PluginRegistry.plugins(in: phase).map(\.name).joined(separator: ", ") }.joined(separator: "\n"))
            """)

    @Argument(help: "Path to a run.yaml.")
    var config: String

    @Option(help: "Of a run.yaml that lists several markets, the one to use (by name).")
    var market: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override a value, e.g. --set strategy.signal_generator.params.fast=20 (repeatable).", valueName: "dotted.path=value"))
    var overrides: [String] = []

    @Flag(help: "Print the result as JSON (config_hash, metrics, trades, equity).")
    var json = false

    func run() throws {
        let result: BacktestResult
        do {
            let parsed = try overrides.map(ConfigOverride.init(assignment:))
            let appConfig = try RunConfigDecoder.load(path: config, overrides: parsed, market: market)
            result = try StrategyOrchestrator.run(appConfig)
        } catch {
            throw failWithDiagnostics(error)
        }
        Terminal.write(json ? result.jsonText + "\n" : RunSummary(result: result, path: config, market: market).text)
    }
}
