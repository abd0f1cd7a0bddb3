import ArgumentParser
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

    func buildOptions(output: String = "output", jobs: Int = ParallelRunService.defaultJobs, force: Bool = false,
                      shard: (Int, Int)? = nil, progress: ProgressReporter.Style? = nil) -> BuildOptions {
        BuildOptions(directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), studies: studiesDirectory, output: output,
                     cache: cache, jobs: jobs, force: force, shard: shard, ids: studies, progress: progress)
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

    @Option(help: ArgumentHelp("Run only shard K of N (by config hash) into the cache; a later build without --shard writes the results.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Write results but no site.")
    var noRender = false

    @Option(help: "Folder of Mustache templates, CSS and JS for the site (default: the ones built into backlab).")
    var templates: String?

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print how long each step of the build took (to stderr).")
    var timings = false

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

    /// The site's templates: the folder `--templates` names, else the set built into backlab; nil
    /// when no site is written (`--no-render`, `--shard`).
    func templateSet() throws -> TemplateSet? {
        guard !noRender && shard == nil else { return nil }
        return try templates.map { try TemplateSet(directory: URL(fileURLWithPath: $0)) } ?? TemplateSet.builtIn()
    }

    func run() throws {
        Interruption.shared.install()
        let started = Date()
        var options = selection.buildOptions(output: output, jobs: jobs, force: force, shard: shard.flatMap(Self.parseShard),
                                             progress: quiet ? .quiet : nil)
        // The site: templates are read before anything runs, so a broken template costs nothing.
        var site: SiteBuilder?
        do {
            if let set = try templateSet() {
                site = SiteBuilder(output: options.output, templates: set, cache: ResultCache(directory: options.cache), jobs: jobs)
                options.digestSalt = "site \(set.digest) \(SiteBuilder.version)"
            }
        } catch {
            throw failWithDiagnostics(error)
        }
        if site == nil { options.digestSalt = shard == nil ? "no site" : "" }
        let report = BuildPipeline(options: options).build(problems: { diagnostics in
            Terminal.printError(diagnostics.map(\.description).joined(separator: "\n"))
        }, render: site.map { site in { results in try site.renderStudy(results) } })
        var written = report.written
        if let site, !report.interrupted {
            let current = report.studies.map(\.id)
            let upToDate = report.studies.filter(\.upToDate).map(\.id)
            do {
                try site.finish(studyIDs: (current + report.brokenIDs).sorted(), keep: Set(upToDate + report.brokenIDs))
            } catch {
                Terminal.printError("error: writing the site: \(error)")
            }
            written += site.written
        }
        for warning in report.warnings { Terminal.printError("warning: \(warning)") }
        if timings {
            let total = report.steps.map(\.seconds).reduce(0, +)
            func line(_ name: String, _ seconds: Double) -> String {
                "  " + name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%8.1f ms", seconds * 1000)
            }
            Terminal.printError("steps:\n" + (report.steps.map { line($0.name, $0.seconds) } + [line("total (after start-up)", total)]).joined(separator: "\n"))
        }
        if !quiet {
            var lines: [String] = []
            for study in report.studies {
                let state = study.upToDate ? "up to date" : "\(study.ran) ran, \(study.cached) cached" + (study.failed > 0 ? ", \(study.failed) FAILED" : "")
                lines.append("  \(study.id): \(study.runs) run\(study.runs == 1 ? "" : "s"), \(state)")
            }
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            let broken = report.diagnostics.isEmpty ? "" : ", with errors"
            lines.append("\(report.interrupted ? "interrupted" : "built") \(report.studies.count) stud\(report.studies.count == 1 ? "y" : "ies"): \(report.ran) ran, \(report.cached) cached, \(report.failed) failed, \(written.count) file\(written.count == 1 ? "" : "s") written in \(seconds) s\(broken)")
            Terminal.write(lines.joined(separator: "\n") + "\n")
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
