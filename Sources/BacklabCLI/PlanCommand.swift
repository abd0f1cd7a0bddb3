import ArgumentParser
import Foundation
import Runner
import Workflows

/// `backlab plan`: what a build would run, without running it.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Show what a build would run: total, cached, to run, and an estimate from measured run times.")

    @OptionGroup var selection: StudyOptions

    @Option(help: "Parallel workers the estimate assumes (default: one per core).")
    var jobs = ParallelRunService.defaultJobs

    @Flag(help: "Print JSON: {total, cached, to_run, estimated_seconds, studies: [{id, total, cached, to_run}]}.")
    var json = false

    func run() throws {
        let options = selection.buildOptions(jobs: jobs)
        let summary = BuildPlanSummary(options: options)
        if !summary.diagnostics.isEmpty {
            Terminal.printError(summary.diagnostics.map(\.description).joined(separator: "\n"))
        }
        Terminal.write(json ? summary.jsonText : summary.text)
        if !summary.diagnostics.isEmpty { throw ExitCode(1) }
    }
}
