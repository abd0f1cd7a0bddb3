import Engine
import Foundation
import Report
import Testing
import Workflows

/// Runs of large grids keep no detail in the cache, and the runs a page shows are made again
/// (`DetailStore`): the site must be the one a cache of whole results gives, byte for byte.
@Suite struct DetailOnDemandTests {
    /// Builds `project` in process with every study counted as large (no run keeps its detail).
    static func leanBuild(_ project: BuildFixture, output: String = "lean", cache: String = "lean-cache") -> BuildContext {
        var options = BuildOptions(directory: project.root, output: output, cache: cache, jobs: 2, progress: .quiet)
        options.detailRunLimit = 0
        let site = SiteBuilder(output: options.output, templates: try! TemplateSet.builtIn(), jobs: 2)
        options.digestSalt = site.digestSalt
        var build = BuildContext(options: options)
        BuildPipeline(steps: BuildPipeline.resultSteps + site.steps).run(&build)
        return build
    }

    /// The cache's entries: how many keep their detail, and how many do not.
    static func detail(_ project: BuildFixture, _ folder: String) -> (kept: Int, left: Int) {
        let cache = ResultCache(directory: project.root.appendingPathComponent(folder))
        let flags = cache.hashes().compactMap { hash -> Bool? in
            guard case .hit(let payload) = cache.read(hash) else { return nil }
            return StoredResult(decoding: payload, part: .summary)?.hasDetail
        }
        return (flags.filter { $0 }.count, flags.filter { !$0 }.count)
    }

    @Test func aSiteFromRunsMadeAgainEqualsTheSiteOfWholeResults() throws {
        let project = try BuildFixture.standard()
        // A grid of 40 runs, of which its page shows 10 (the equity curves of the best).
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("studies/wide"), withIntermediateDirectories: true)
        try project.write("studies/wide/run.yaml", BuildFixture.gridRun)
        try project.write(
            "studies/wide/optimization.yaml",
            "objective: sharpe_ratio\nparameters:\n  strategy.signal_generator.params.fast: {start: 2, end: 11, step: 1}\n"
                + "  strategy.signal_generator.params.slow: {values: [30, 40, 50, 60]}\nsite: {detail_runs: 5}\n")
        #expect(try project.build(["--quiet"]).status == 0)
        // 48 distinct runs: 4 of the wide grid's are the small grid's.
        #expect(Self.detail(project, ".backlab/cache") == (48, 0))
        let lean = Self.leanBuild(project)
        #expect(lean.report.exitCode == 0 && lean.report.warnings.isEmpty, "\(lean.report.warnings)")
        // Every page and chart is the same; only the markers differ (they name other entries).
        let whole = try FullDiskTests.files(project.root.appendingPathComponent("output")).filter { !$0.key.hasSuffix(".backlab-inputs") }
        let made = try FullDiskTests.files(project.root.appendingPathComponent("lean")).filter { !$0.key.hasSuffix(".backlab-inputs") }
        #expect(whole.count > 20)
        #expect(made == whole)
        // The runs shown were made again and cached whole, the others kept only their summary.
        let (kept, left) = Self.detail(project, "lean-cache")
        // At most 8 + 10 + 3 + 1 shown: at least 26 kept only their summary.
        #expect(kept + left == 48 && kept <= 22 && left >= 26, "\(kept) kept, \(left) left")
        // The markers name the entries as the site left them: the next build is up to date.
        let again = Self.leanBuild(project)
        #expect(again.report.summaryText(seconds: 0).contains("  wide: 40 runs, up to date\n"), "\(again.report.summaryText(seconds: 0))")
        #expect(again.report.warnings.isEmpty, "\(again.report.warnings)")
        // The next build of the pages reads what the first made again: nothing more is made.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("lean"))
        _ = Self.leanBuild(project)
        #expect(Self.detail(project, "lean-cache") == (kept, left))
        #expect(
            try FullDiskTests.files(project.root.appendingPathComponent("lean")).filter { !$0.key.hasSuffix(".backlab-inputs") } == whole)
    }

    @Test func aRunMadeAgainThatDiffersFromItsEntryIsNotShown() throws {
        let project = try BuildFixture.standard()
        _ = Self.leanBuild(project)
        let cache = ResultCache(directory: project.root.appendingPathComponent("lean-cache"))
        // A grid run's entry (a summary: every study counts as large here), changed as a stale or
        // forged entry would be: other metrics. The grid's page shows every run.
        let csv = try project.read("lean/grid/results.csv").split(separator: "\n")
        let hash = String(csv[1].split(separator: ",").last!)
        guard case .hit(let payload) = cache.read(hash), var stored = StoredResult(decoding: payload) else {
            Issue.record("no entry for the grid's first run")
            return
        }
        stored.metrics = Metrics(stored.metrics.values.mapValues { $0 + 1 })
        try cache.write(hash, payload: stored.summary.encoded())
        cache.finishWrites()
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("lean"))
        let build = Self.leanBuild(project)
        #expect(build.report.warnings.contains("run \(hash) made again for its detail differs from its cache entry: not shown"))
        // The study keeps no marker, so the next build tries again; the others have theirs.
        #expect(!FileManager.default.fileExists(atPath: project.root.appendingPathComponent("lean/grid/.backlab-inputs").path))
        #expect(FileManager.default.fileExists(atPath: project.root.appendingPathComponent("lean/single/.backlab-inputs").path))
    }
}
