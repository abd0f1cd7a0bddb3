import ArgumentParser
import Engine
import Foundation
import Study
import Workflows

/// `backlab export-data PATH/run.yaml [-o FILE]`: writes the bars a run.yaml uses as CSV, e.g.
/// to hand the same synthetic data to another engine.
struct ExportDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-data",
        abstract: "Write the bars of a run.yaml's data section (after start/end) as CSV.")

    @Argument(help: "Path to a run.yaml.")
    var config: String

    @Option(help: "Of a run.yaml that lists several markets, the one to use (by name).")
    var market: String?

    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        let text: String
        do {
            let appConfig = try RunConfigDecoder.load(path: config, market: market)
            let bars = try LoadedData(appConfig.data).market.bars
            let daily = bars.time.allSatisfy { $0 % UTCDate.millisPerDay == 0 }
            text = bars.csvText(dateOnly: daily)
        } catch {
            throw failWithDiagnostics(error)
        }
        try Terminal.deliver(text, to: output)
    }
}
