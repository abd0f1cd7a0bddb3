import Engine
import Study

/// Every run of the build's studies, classified once: cached (its result can be read), to run, or
/// outside this shard. `build` runs the jobs; `plan` reports the same classification.
public struct BuildPlan: Sendable {
    /// One run of a study.
    public struct Run: Sendable {
        /// Its config hash (the cache key).
        public let hash: String
        /// The data section it reads.
        public let data: DataConfig
        /// Its trial key, for a run of a study's own grid (the trial ledger's entry).
        public let trial: String?
    }

    /// One healthy study and its runs.
    public struct Study: Sendable {
        /// The study.
        public let definition: StudyDefinition
        /// A digest of its inputs (see `LoadStudiesStep.digest`).
        public let inputsDigest: String
        /// Each run, in run order.
        public internal(set) var runs: [Run]
        /// Runs whose result the cache holds, readable.
        public internal(set) var cached: Int
        /// The outcome of each run: from the cache while planning, then from "run backtests"
        /// (nil: not known, because it is outside this shard or the build was interrupted).
        public internal(set) var outcomes: [RunOutcome?]
        /// Runs executed by this build.
        public internal(set) var ran = 0
        /// Runs answered by a job that another run of this build asked for first.
        public internal(set) var reused = 0
        /// Whether the data of one of its runs could not be loaded ("load data"): it is broken.
        public internal(set) var dataBroken = false
        /// The walk-forward's windows on each market and where their runs are among `runs` (empty
        /// without a walk-forward).
        public internal(set) var walkForwards: [WalkForwardPlan] = []
        /// Runs whose configs are not known yet (a walk-forward's out-of-sample runs before its
        /// in-sample grids finished): counted as to run.
        public internal(set) var pending = 0

        /// Every run it asks for, known or not.
        public var total: Int { runs.count + pending }
    }

    /// A run of the study at `study` (an index into `studies`).
    public struct Target: Sendable {
        /// Index of the study.
        public let study: Int
        /// Index of the run in the study.
        public let run: Int
    }

    /// One distinct config to run, and every study run it answers.
    public struct Job: Sendable {
        /// The config hash.
        public let hash: String
        /// The config, built once.
        public let config: AppConfig
        /// Every run with this hash.
        public var targets: [Target]
        /// What its cache entry must keep for the studies it serves (and kept before).
        public var needs: StatisticsNeeds
    }

    /// Healthy studies that need work (at least reading the cache), in id order.
    public internal(set) var studies: [Study] = []
    /// Distinct configs to run, in the order first asked for.
    public internal(set) var jobs: [Job] = []
    /// Jobs before this index were given to an earlier "run backtests" step.
    var jobsStarted = 0
    /// Cached runs an earlier "run backtests" step's progress counted.
    var cachedShown = 0

    /// Whether a hash falls in shard `index` (1-based) of `count`: by the hash's leading 60 bits.
    public static func shard(of hash: String, count: Int) -> Int {
        Int(UInt64(hash.prefix(15), radix: 16).map { $0 % UInt64(count) } ?? 0) + 1
    }

    /// The key under which run durations on this data are measured and estimated.
    static func costKey(_ data: DataConfig, fingerprint: String) -> String {
        if case .synthetic(let source) = data.source { return "synthetic-\(source.bars)" }
        return fingerprint
    }
}

/// What the cache says of one config hash: the one classification `build` and `plan` share.
enum CacheClassification {
    /// The entry is there and readable: its outcome, and what it keeps besides the metrics.
    case cached(RunOutcome, kept: StatisticsNeeds)
    /// No entry.
    case missing
    /// An entry written by another results format: run again.
    case olderFormat
    /// An entry that failed verification: run again (the new result replaces it).
    case damaged(String)

    /// Classifies `hash` by reading and verifying its entry, so "cached" always means the result
    /// can be read.
    init(_ hash: String, in cache: ResultCache) {
        switch cache.read(hash) {
        case .hit(let payload):
            if let stored = StoredResult(decoding: payload, metricsOnly: true) {
                self = .cached(.finished(stored.metrics, warnings: stored.warnings, statistics: stored.statistics), kept: stored.kept)
            } else {
                self = .olderFormat
            }
        case .corrupt(let why): self = .damaged(why)
        case .miss: self = .missing
        }
    }
}
