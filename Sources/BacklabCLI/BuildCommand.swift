import ArgumentParser
import Engine
import Foundation
import Report
import Runner
import Workflows

/// Options shared by `build` and `plan`.
struct StudyOptions: ParsableArguments {
    @Argument(help: "Study ids (folder names) to build; all when none are given.")
    var studies: [String] = []

    @Option(name: .customLong("studies"), help: "Folder of study folders.")
    var studiesDirectory = "studies"

    @Option(help: "Result cache folder.")
    var cache = ".backlab/cache"

    @Option(help: "Folder of the studies' trial ledgers (every configuration each study has evaluated).")
    var ledger = ".backlab/ledger"

    func buildOptions(
        output: String = "output", jobs: Int = ParallelRunService.defaultJobs, force: Bool = false,
        shard: (Int, Int)? = nil, progress: ProgressReporter.Style? = nil
    ) -> BuildOptions {
        BuildOptions(
            directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), studies: studiesDirectory, output: output,
            cache: cache, ledger: ledger, jobs: jobs, force: force, shard: shard, ids: studies, progress: progress)
    }
}

/// `backlab build`: run what the studies ask for (only what is not cached) and write results.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run every backtest the studies ask for (only what changed) and write each study's results.",
        discussion: """
            Exit codes: 0 all fine; 1 bad input (the broken studies are named, the others still build); \
            2 some runs failed (their rows carry the error); 130 interrupted (finished runs stay cached).
            """)

    @OptionGroup var selection: StudyOptions

    @Option(help: "Output folder.")
    var output = "output"

    @Option(help: "Parallel workers (default: one per core).")
    var jobs = ParallelRunService.defaultJobs

    @Flag(help: "Run everything again, ignoring the cache.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Run only shard K of N (by config hash) into the cache; a later build without --shard writes the results.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Write results but no site.")
    var noRender = false

    @Option(help: "Folder of Mustache templates, CSS and JS for the site (default: the ones built into backlab).")
    var templates: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print how long each step of the build took, and the peak memory (to stderr).")
    var timings = false

    @Flag(help: "Stop with an error, instead of waiting, when another build holds the output folder.")
    var noWait = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let shard, Self.parseShard(shard) == nil {
            throw ValidationError("--shard must be K/N with 1 <= K <= N, e.g. --shard 2/8")
        }
    }

    static func parseShard(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else { return nil }
        return (k, n)
    }

    func run() throws {
        Interruption.shared.install()
        let started = Date()
        var options = selection.buildOptions(
            output: output, jobs: jobs, force: force, shard: shard.flatMap(Self.parseShard), progress: quiet ? .quiet : nil)
        // Templates are read before anything runs: a broken one is reported at once, and the
        // build still runs and writes every study's results (no pages), then exits 1.
        var site: SiteBuilder?
        var templateProblems: [Diagnostic] = []
        do {
            site = try siteBuilder(output: options.output)
        } catch {
            templateProblems = DiagnosticList(from: error).diagnostics
            Terminal.printError(DiagnosticList(templateProblems).description)
        }
        options.digestSalt = site?.digestSalt ?? (shard == nil ? "no site" : "")
        // One build at a time per output folder; shards write none, and share the cache.
        let locks: BuildLocks
        do {
            locks = try BuildLocks.build(
                output: shard == nil ? options.output : nil, shown: output, cache: options.cache, wait: !noWait
            ) { Terminal.printError($0) }
        } catch {
            throw failWithDiagnostics(error)
        }
        defer { locks.release() }
        var build = BuildContext(options: options) { diagnostics in
            Terminal.printError(diagnostics.map(\.description).joined(separator: "\n"))
        }
        // A bad template is bad input like a bad study: exit 1, and the summary says so.
        build.report.diagnostics += templateProblems
        // Shards leave the cache as they found it but for their packs; a build that writes
        // output compacts it when it has it alone.
        let maintain: [any BuildStep] = shard == nil ? [MaintainCacheStep { locks.tryCacheAlone() }] : []
        BuildPipeline(steps: BuildPipeline.resultSteps + (site?.steps ?? [WriteResultsStep()]) + maintain).run(&build)
        let report = build.report
        for error in report.errors { Terminal.printError(error.description) }
        for warning in report.warnings { Terminal.printError("warning: \(warning)") }
        if timings { Terminal.printError(report.timingsText + "\npeak memory (VmHWM): \(peakMemoryMB()) MB") }
        if !quiet { Terminal.write(report.summaryText(seconds: Date().timeIntervalSince(started))) }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// The site's writer, with the templates the build renders (built in, or `--templates DIR`);
    /// nil for `--no-render` and shards.
    func siteBuilder(output: URL) throws -> SiteBuilder? {
        guard !noRender && shard == nil else { return nil }
        let set = try templates.map { try TemplateSet(directory: URL(fileURLWithPath: $0), shown: $0) } ?? TemplateSet.builtIn()
        return SiteBuilder(output: output, templates: set, jobs: jobs)
    }
}
