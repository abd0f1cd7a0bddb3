import Foundation
import Report
import Testing
import Workflows

/// A project folder with studies for build tests, and helpers to inspect what builds leave.
struct BuildFixture {
    let root: URL

    static let gridRun = """
        name: Grid
        data: {synthetic: {seed: 3, bars: 600, volatility: 0.3}}
        strategy:
          signal_generator: {plugin: sma_cross}
          exit_planner: {plugin: atr_exit}
        """
    static let gridPlan = """
        objective: sharpe_ratio
        parameters:
          strategy.signal_generator.params.fast: {start: 5, end: 20, step: 5}
          strategy.signal_generator.params.slow: {values: [30, 40]}
        where: ["fast < slow"]
        """
    static let variantRun = """
        data: {synthetic: {seed: 4, bars: 500}}
        strategy:
          signal_generator: {plugin: ema_cross}
          exit_planner: {plugin: atr_exit}
        """
    static let variants = """
        baseline: Base
        variants:
          - name: Base
          - name: Wide target
            overrides: {strategy.exit_planner.params.risk_reward_ratio: 4}
          - name: Fixed
            overrides:
              strategy.exit_planner: {plugin: fixed_percentage_exit, params: {stop_pct: 0.03}}
        """
    static let csvRun = """
        data: {file: ../data/bars.csv}
        strategy: {signal_generator: {plugin: sma_cross, params: {fast: 3, slow: 8}}}
        """

    /// The three-study project: a grid (8 runs), variants (3 runs), a single run on a CSV file.
    static func standard() throws -> BuildFixture {
        let fixture = try BuildFixture(files: [
            "studies/grid/run.yaml": gridRun, "studies/grid/optimization.yaml": gridPlan,
            "studies/variants/run.yaml": variantRun, "studies/variants/variant.yaml": variants,
            "studies/single/run.yaml": csvRun,
            "bars.yaml": "data: {synthetic: {seed: 9, bars: 300}}\nstrategy: {signal_generator: {plugin: sma_cross}}\n",
        ])
        _ = try BacklabBinary.run(["export-data", "bars.yaml", "-o", "studies/data/bars.csv"], in: fixture.root)
        return fixture
    }

    init(files: [String: String]) throws { root = try BacklabBinary.folder(files) }

    func build(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> BacklabBinary.Output {
        try BacklabBinary.run(["build"] + arguments, in: root, environment: environment)
    }

    /// A build in process with its site (as `serve` runs it, with `memo`), through the test-only
    /// seam of its options: runs whose config hash `failing` accepts fail.
    func buildInProcess(failing: (@Sendable (String) -> Bool)? = nil, memo: ChartMemo? = nil) throws -> BuildReport {
        var options = BuildOptions(directory: root, jobs: 2)
        options.failRun = failing
        let site = SiteBuilder(output: options.output, templates: try TemplateSet.builtIn(), jobs: 2, memo: memo)
        options.digestSalt = site.digestSalt
        var build = BuildContext(options: options)
        BuildPipeline(steps: BuildPipeline.resultSteps + site.steps).run(&build)
        return build.report
    }

    /// The config hash of the grid study's third run (built once, then the cache cleaned), for
    /// `buildInProcess(failing:)`.
    func gridRunHash() throws -> String {
        _ = try build()
        let csv = try read("output/grid/results.csv").split(separator: "\n")
        _ = try BacklabBinary.run(["clean", "--cache"], in: root)
        return String(csv[3].split(separator: ",").last!)
    }

    func write(_ path: String, _ content: String) throws {
        try Data(content.utf8).write(to: root.appendingPathComponent(path))
    }

    func read(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }

    /// Every file under `folder` with its size and modification time.
    func snapshot(_ folder: String) -> [String: String] {
        var result: [String: String] = [:]
        let base = root.appendingPathComponent(folder)
        guard
            let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey])
        else { return [:] }
        for case let url as URL in walker {
            let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey, .isDirectoryKey])
            if values?.isDirectory == true { continue }
            result[url.path.replacingOccurrences(of: base.path, with: "")] =
                "\(values?.fileSize ?? -1) \(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)"
        }
        return result
    }

    /// The hashes of the cache's entries, sorted.
    func cacheEntries(in folder: String = ".backlab/cache") -> [String] {
        ResultCache(directory: root.appendingPathComponent(folder)).hashes().sorted()
    }

    /// Removes entries from the cache, as pruning it would (the packs are rewritten without them).
    func removeCacheEntries(_ hashes: some Sequence<String>, in folder: String = ".backlab/cache") throws {
        try ResultCache(directory: root.appendingPathComponent(folder)).packs.compact(dropping: Set(hashes))
    }

    /// Flips the last byte of an entry's record in its pack, as a bad disk would; returns the
    /// pack's bytes before.
    @discardableResult
    func damageCacheEntry(_ hash: String, in folder: String = ".backlab/cache") throws -> Data {
        let record = try #require(ResultCache(directory: root.appendingPathComponent(folder)).packs.location(hash))
        let url = URL(fileURLWithPath: record.pack)
        let before = try Data(contentsOf: url)
        var bytes = before
        bytes[record.offset + record.size - 1] ^= 0xFF
        try bytes.write(to: url)
        return before
    }
}
