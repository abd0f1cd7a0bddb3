import Foundation
import Runner

/// What `backlab build` and `backlab plan` were asked to do.
public struct BuildOptions: Sendable {
    /// The studies folder and how to show it in messages.
    public var studies: URL
    /// `--studies` as the user wrote it.
    public var studiesDisplay: String
    /// The output folder.
    public var output: URL
    /// The cache folder.
    public var cache: URL
    /// The folder of the studies' trial ledgers (kept by `clean`, removed by `clean --ledger`).
    public var ledger: URL
    /// Workers.
    public var jobs: Int
    /// Re-run everything.
    public var force: Bool
    /// Run only shard K (1-based) of N and fill the cache; no results are written.
    public var shard: (index: Int, count: Int)?
    /// Study ids to build (all when empty).
    public var ids: [String]
    /// Progress style.
    public var progress: ProgressReporter.Style?
    /// Skip a study whose marker matches its inputs without expanding it (builds; not `plan`,
    /// which counts every run). Never for `--force` or a shard.
    public var skipUpToDate = true
    /// Parse data files read for fingerprints at once, on another thread (builds; not `plan`).
    public var preloadData = true
    /// Remove cache entries that fail verification when planning (builds; `plan` changes nothing).
    public var repairsCache = true
    /// Write the bar store of each data file parsed (builds; `plan` writes nothing).
    public var writesBarStores = true
    /// A test seam, never set by the CLI: runs whose config hash it accepts fail with an injected
    /// error instead of running, so tests can prove failures are isolated.
    public var failRun: (@Sendable (_ configHash: String) -> Bool)?
    /// A study of more runs keeps no run's detail in the cache (`StoredResult.detailRunLimit`;
    /// tests lower it).
    public var detailRunLimit = StoredResult.detailRunLimit
    /// Extra text for each study's source digest: what else its output depends on (the site's
    /// templates), so that changing it redoes the study's output.
    public var digestSalt = ""

    /// Options with the documented defaults, relative to `directory`.
    public init(
        directory: URL, studies: String = "studies", output: String = "output", cache: String = ".backlab/cache",
        ledger: String = ".backlab/ledger",
        jobs: Int = ParallelRunService.defaultJobs, force: Bool = false, shard: (Int, Int)? = nil, ids: [String] = [],
        progress: ProgressReporter.Style? = nil
    ) {
        func resolve(_ path: String) -> URL { path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path) }
        self.studies = resolve(studies)
        self.studiesDisplay = studies
        self.output = resolve(output)
        self.cache = resolve(cache)
        self.ledger = resolve(ledger)
        self.jobs = jobs
        self.force = force
        self.shard = shard.map { (index: $0.0, count: $0.1) }
        self.ids = ids
        self.progress = progress
    }

    /// These options for `backlab plan`: it counts every run (no study is skipped as up to date),
    /// parses no data and changes nothing in the cache.
    public func forPlanning() -> BuildOptions {
        var options = self
        options.skipUpToDate = false
        options.preloadData = false
        options.repairsCache = false
        options.writesBarStores = false
        return options
    }
}
