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
        let options = selection.buildOptions(jobs: jobs).forPlanning()
        // Shared, like a build's: no compaction removes a pack while this reads the cache.
        let lock = BuildLocks.reading(cache: options.cache) { Terminal.printError($0) }
        defer { lock.release() }
        var build = BuildContext(options: options) { diagnostics in
            Terminal.printError(diagnostics.map(\.description).joined(separator: "\n"))
        }
        BuildPipeline(steps: BuildPlanSummary.steps).run(&build)
        for error in build.report.stepErrors { Terminal.printError(error.description) }
        for warning in build.report.warnings { Terminal.printError("warning: \(warning)") }
        Terminal.write(json ? BuildPlanSummary(build).jsonText : BuildPlanSummary(build).text)
        if build.report.exitCode != 0 { throw ExitCode(build.report.exitCode) }
    }
}
