import Engine
import Foundation
import Report
import Runner
import Workflows

/// One build as `backlab build` runs it: templates, locks, the pipeline, the messages. `serve`
/// runs it again on every change, in the same process.
struct SiteBuild {
    /// What the build ended with.
    struct Outcome {
        /// Counts, problems, warnings, files written.
        let report: BuildReport
        /// Every data file the studies read (absolute paths), for `serve` to watch.
        let dataFiles: [String]
        /// The summary line(s) `build` prints.
        let summary: String
    }

    var selection: StudyOptions
    var site: SiteOptions
    var force = false
    var shard: (Int, Int)?
    var noRender = false
    /// The charts drawn by the builds before in this process (`serve`), to draw only changed ones.
    var charts: ChartMemo?

    /// Runs the build and prints what `build` prints; throws only when the output folder cannot
    /// be locked (a `Diagnostic`).
    func run() throws -> Outcome {
        let started = Date()
        var options = selection.buildOptions(
            output: site.output, jobs: site.jobs, force: force, shard: shard, progress: site.quiet ? .quiet : nil)
        // Templates are read before anything runs: a broken one is reported at once, and the
        // build still runs and writes every study's results (no pages), then exits 1.
        var builder: SiteBuilder?
        var templateProblems: [Diagnostic] = []
        do {
            builder = try siteBuilder(output: options.output)
        } catch {
            templateProblems = DiagnosticList(from: error).diagnostics
            Terminal.printError(DiagnosticList(templateProblems).description)
        }
        options.digestSalt = builder?.digestSalt ?? (shard == nil ? "no site" : "")
        // One build at a time per output folder; shards write none, and share the cache.
        let locks = try BuildLocks.build(
            output: shard == nil ? options.output : nil, shown: site.output, cache: options.cache, wait: !site.noWait
        ) { Terminal.printError($0) }
        defer { locks.release() }
        var build = BuildContext(options: options) { diagnostics in
            Terminal.printError(diagnostics.map(\.description).joined(separator: "\n"))
        }
        // A bad template is bad input like a bad study: exit 1, and the summary says so.
        build.report.diagnostics += templateProblems
        // Shards leave the cache as they found it but for their packs; a build that writes
        // output compacts it when it has it alone.
        let maintain: [any BuildStep] = shard == nil ? [MaintainCacheStep { locks.tryCacheAlone() }] : []
        BuildPipeline(steps: BuildPipeline.resultSteps + (builder?.steps ?? [WriteResultsStep()]) + maintain).run(&build)
        let report = build.report
        for error in report.errors { Terminal.printError(error.description) }
        for warning in report.warnings { Terminal.printError("warning: \(warning)") }
        if site.timings { Terminal.printError(report.timingsText + "\npeak memory (VmHWM): \(peakMemoryMB()) MB") }
        let summary = report.summaryText(seconds: Date().timeIntervalSince(started))
        if !site.quiet { Terminal.write(summary) }
        return Outcome(report: report, dataFiles: build.dataFiles, summary: summary)
    }

    /// The site's writer, with the templates the build renders (built in, or `--templates DIR`);
    /// nil for `--no-render` and shards.
    func siteBuilder(output: URL) throws -> SiteBuilder? {
        guard !noRender && shard == nil else { return nil }
        let set = try site.templates.map { try TemplateSet(directory: URL(fileURLWithPath: $0), shown: $0) } ?? TemplateSet.builtIn()
        return SiteBuilder(output: output, templates: set, jobs: site.jobs, memo: charts)
    }
}
