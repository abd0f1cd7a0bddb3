import ArgumentParser
import Engine
import Foundation
import Runner
import Study
import Workflows

/// `backlab export-returns STUDY_FOLDER [-o FILE]`: writes the daily excess returns of every grid
/// point of a study as CSV, so that PSR, DSR and PBO can be recomputed from the raw returns
/// outside Backlab (scripts/reference/robustness.py).
struct ExportReturnsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-returns",
        abstract: "Run every grid point of a study's optimization.yaml and write their daily returns as CSV.",
        discussion: """
            The CSV has a header `date,run_1,run_2,...` (run numbers from 1 in grid order, as in \
            results.csv), then one row per daily return: the time of that day's last bar (a date for \
            daily bars, else a full ISO 8601 time) and each run's return from the previous day's end to \
            that day's end, less the risk-free rate per period. These are the returns behind the \
            robustness figures of results.json (per-period Sharpe ratio, PSR, DSR, PBO); numbers are in \
            their shortest round-trip form. Nothing is cached: every run runs.

            When run.yaml lists several markets, each column is a grid point's equal-weight \
            portfolio of its markets (the returns behind the aggregate's robustness figures), the \
            header `date,configuration_1,...` and each date a UTC day; `--market NAME` writes that \
            market's runs instead.
            """)

    @Argument(help: "Path to a study folder (with run.yaml and optimization.yaml).")
    var study: String

    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    @Option(help: "Of a run.yaml that lists several markets, write this market's runs (by name) instead of the portfolios.")
    var market: String?

    @Option(help: "Parallel workers (default: one per core).")
    var jobs = ParallelRunService.defaultJobs

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let text: String
        do {
            let shown = study.count > 1 && study.hasSuffix("/") ? String(study.dropLast()) : study
            let folder = URL(fileURLWithPath: shown).standardizedFileURL
            let definition = try StudyLoader.loadStudy(id: folder.lastPathComponent, folder: folder, displayFolder: shown)
            let planFile = "\(shown)/optimization.yaml"
            guard definition.optimization != nil else {
                throw Diagnostic(
                    file: planFile, message: "file not found",
                    hint: "export-returns writes the daily returns of a study's grid; this study has no optimization.yaml")
            }
            text = try GridReturns(study: definition, planFile: planFile, jobs: jobs, market: market).csvText
        } catch {
            throw failWithDiagnostics(error)
        }
        try Terminal.deliver(text, to: output)
    }
}
