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
    }

    /// One healthy study and its runs.
    public struct Study: Sendable {
        /// The study.
        public let definition: StudyDefinition
        /// A digest of its inputs (see `LoadStudiesStep.digest`).
        public let inputsDigest: String
        /// Each run, in run order.
        public let runs: [Run]
        /// Runs whose result the cache holds, readable.
        public let cached: Int
        /// The outcome of each run: from the cache while planning, then from "run backtests"
        /// (nil: not known, because it is outside this shard or the build was interrupted).
        public internal(set) var outcomes: [RunOutcome?]
        /// Runs executed by this build.
        public internal(set) var ran = 0
        /// Runs answered by a job that another run of this build asked for first.
        public internal(set) var reused = 0
        /// Whether the data of one of its runs could not be loaded ("load data"): it is broken.
        public internal(set) var dataBroken = false
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

/// "plan": builds each run's config once, hashes it, and classifies it against the cache; what
/// the cache lacks becomes a job (one per distinct config, however many runs ask for it).
public struct PlanStep: BuildStep {
    public let name = "plan"

    /// The step.
    public init() {}

    public func run(_ build: inout BuildContext) throws {
        let options = build.options
        var plan = BuildPlan()
        var jobIndex: [String: Int] = [:]
        var classified: [String: CacheClassification] = [:]
        var olderFormat = 0
        var lacking: [Int: Int] = [:]  // by block count: entries without the block sums a study needs
        // Each hash is read from the cache once, and a damaged or older entry reported once.
        func classify(_ hash: String) -> CacheClassification {
            if let known = classified[hash] { return known }
            let found = CacheClassification(hash, in: build.cache)
            classified[hash] = found
            switch found {
            case .olderFormat: olderFormat += 1
            case .damaged(let why):
                build.report.warnings.append("cache entry \(hash) is damaged (\(why)); running it again")
                if options.repairsCache { build.cache.remove(hash) }
            case .cached, .missing: break
            }
            return found
        }
        for loaded in build.loaded {
            let definition = loaded.definition
            let study = plan.studies.count
            var runs: [BuildPlan.Run] = []
            runs.reserveCapacity(definition.runCount)
            var outcomes = [RunOutcome?](repeating: nil, count: definition.runCount)
            var cached = 0
            // The study's share of the jobs, merged into the plan only once the whole study planned.
            var newJobs: [BuildPlan.Job] = []
            var newTargets: [(job: Int, target: BuildPlan.Target, needs: StatisticsNeeds)] = []
            do {
                for run in 0..<definition.runCount {
                    let config = definition.config(at: run)
                    let hash = ConfigHash.of(config, dataFingerprint: try build.fingerprint(config.data))
                    runs.append(BuildPlan.Run(hash: hash, data: config.data))
                    if let shard = options.shard, BuildPlan.shard(of: hash, count: shard.count) != shard.index { continue }
                    var needs = definition.needs(ofRun: run)
                    if !options.force, case .cached(let outcome, let kept) = classify(hash) {
                        if needs.isMet(by: kept) {
                            outcomes[run] = outcome
                            cached += 1
                            continue
                        }
                        for count in needs.blockCounts where !kept.blockCounts.contains(count) { lacking[count, default: 0] += 1 }
                        needs = needs.union(kept)
                    }
                    let target = BuildPlan.Target(study: study, run: run)
                    if let existing = jobIndex[hash] {
                        newTargets.append((existing, target, needs))
                    } else {
                        jobIndex[hash] = plan.jobs.count + newJobs.count
                        newJobs.append(BuildPlan.Job(hash: hash, config: config, targets: [target], needs: needs))
                    }
                }
            } catch {
                // A data file a grid point reads cannot be fingerprinted: the study is broken.
                for job in newJobs { jobIndex[job.hash] = nil }
                build.problems(DiagnosticList(from: error).diagnostics)
                build.report.brokenIDs.append(definition.id)
                continue
            }
            plan.jobs += newJobs
            for (job, target, needs) in newTargets {
                plan.jobs[job].targets.append(target)
                plan.jobs[job].needs = plan.jobs[job].needs.union(needs)
            }
            plan.studies.append(
                BuildPlan.Study(definition: definition, inputsDigest: loaded.inputsDigest, runs: runs, cached: cached, outcomes: outcomes))
        }
        if olderFormat > 0 {
            let one = olderFormat == 1
            build.report.warnings.append(
                "\(olderFormat) cache entr\(one ? "y was" : "ies were") written by another version of Backlab; running \(one ? "it" : "them") again"
            )
        }
        for (count, runs) in lacking.sorted(by: { $0.key < $1.key }) {
            build.report.warnings.append(
                "\(runs) cached run\(runs == 1 ? " lacks" : "s lack") the per-block sums for \(count) blocks that PBO needs (overfitting.blocks); running \(runs == 1 ? "it" : "them") again"
            )
        }
        build.fingerprintMemo.save()
        build.plan = plan
    }
}
