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

    @OptionGroup var site: SiteOptions

    @Flag(help: "Run everything again, ignoring the cache.")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Run only shard K of N (by config hash) into the cache; a later build without --shard writes the results.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Write results but no site.")
    var noRender = false

    func validate() throws {
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
        let build = SiteBuild(selection: selection, site: site, force: force, shard: shard.flatMap(Self.parseShard), noRender: noRender)
        let outcome: SiteBuild.Outcome
        do {
            outcome = try build.run()
        } catch {
            throw failWithDiagnostics(error)
        }
        if outcome.report.exitCode != 0 { throw ExitCode(outcome.report.exitCode) }
    }
}
