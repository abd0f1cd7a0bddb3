import Engine
import Study

/// Classifies runs against the cache and gathers what it lacks into jobs (one per distinct
/// config, however many runs ask for it): the one path by which "plan" and "plan out of sample"
/// add runs to a build. Each hash is read from the cache once, and a damaged or older entry
/// reported once.
struct RunPlanner {
    private var classified: [String: CacheClassification] = [:]
    private var jobIndex: [String: Int] = [:]
    private var olderFormat = 0
    /// Entries without the block sums a study needs, by block count.
    private var lacking: [Int: Int] = [:]
    /// Cached runs run again for their day-end equity (a study that now lists several markets).
    private var lackingDays = 0

    /// One study's share of the jobs, merged into the plan only once the whole study planned.
    struct StudyJobs {
        fileprivate var jobs: [BuildPlan.Job] = []
        fileprivate var targets: [(job: Int, target: BuildPlan.Target, needs: StatisticsNeeds)] = []
    }

    /// Classifies run `target` of config `config` (hash `hash`): its outcome when the cache holds
    /// an entry that keeps what `needs` asks for, else nil and the run is added to `jobs`; a run
    /// outside this build's shard is never a job, and its outcome is read only with
    /// `readOtherShards`. `jobsBefore` is the number of jobs in the plan.
    mutating func plan(
        _ config: AppConfig, hash: String, needs wanted: StatisticsNeeds, target: BuildPlan.Target, jobsBefore: Int,
        jobs: inout StudyJobs, build: inout BuildContext, readOtherShards: Bool = false
    ) -> RunOutcome? {
        let options = build.options
        if let shard = options.shard, BuildPlan.shard(of: hash, count: shard.count) != shard.index {
            // Another shard's run: known only when it must be (a walk-forward's choices depend on it).
            guard readOtherShards, !options.force, case .cached(let outcome, let kept) = classify(hash, build: &build),
                wanted.isMet(by: kept)
            else { return nil }
            return outcome
        }
        var needs = wanted
        if !options.force, case .cached(let outcome, let kept) = classify(hash, build: &build) {
            if needs.isMet(by: kept) { return outcome }
            for count in needs.blockCounts where !kept.blockCounts.contains(count) { lacking[count, default: 0] += 1 }
            if needs.dayEquity && !kept.dayEquity { lackingDays += 1 }
            needs = needs.union(kept)
        }
        if let existing = jobIndex[hash] {
            jobs.targets.append((existing, target, needs))
        } else {
            jobIndex[hash] = jobsBefore + jobs.jobs.count
            jobs.jobs.append(BuildPlan.Job(hash: hash, config: config, targets: [target], needs: needs))
        }
        return nil
    }

    /// Hashes `config` and adds it as the next run of `study` (the plan's study at `index`), with
    /// its outcome when the cache holds it (see `plan`); returns its index among the study's runs.
    /// A run of the study's own grid also gets its trial key (`trialDataPaths`: the data keys the
    /// grid varies).
    mutating func add(
        _ config: AppConfig, needs: StatisticsNeeds, trialDataPaths: [ConfigPath]? = nil, to study: inout BuildPlan.Study, index: Int,
        jobsBefore: Int, jobs: inout StudyJobs, build: inout BuildContext
    ) throws -> Int {
        // A walk-forward's shards read the other shards' cached runs: its out-of-sample runs are
        // chosen from them.
        let readOtherShards = study.definition.walkForward != nil
        let (hash, trial) = ConfigHash.keys(
            of: config, dataFingerprint: try build.fingerprint(config.data), trialDataPaths: trialDataPaths)
        study.runs.append(BuildPlan.Run(hash: hash, data: config.data, trial: trial))
        let target = BuildPlan.Target(study: index, run: study.runs.count - 1)
        let outcome = plan(
            config, hash: hash, needs: needs, target: target, jobsBefore: jobsBefore, jobs: &jobs, build: &build,
            readOtherShards: readOtherShards)
        study.outcomes.append(outcome)
        if outcome != nil { study.cached += 1 }
        return target.run
    }

    /// Adds a study's jobs to the plan.
    func commit(_ jobs: StudyJobs, to plan: inout BuildPlan) {
        plan.jobs += jobs.jobs
        for (job, target, needs) in jobs.targets {
            plan.jobs[job].targets.append(target)
            plan.jobs[job].needs = plan.jobs[job].needs.union(needs)
        }
    }

    /// Forgets the jobs of a study that broke while planning.
    mutating func discard(_ jobs: StudyJobs) {
        for job in jobs.jobs { jobIndex[job.hash] = nil }
    }

    /// The warnings about entries run again (older format, lacking block sums) since the last call.
    mutating func takeWarnings() -> [String] {
        var warnings: [String] = []
        if olderFormat > 0 {
            let one = olderFormat == 1
            warnings.append(
                "\(olderFormat) cache entr\(one ? "y was" : "ies were") written by another version of Backlab; running \(one ? "it" : "them") again"
            )
        }
        for (count, runs) in lacking.sorted(by: { $0.key < $1.key }) {
            warnings.append(
                "\(runs) cached run\(runs == 1 ? " lacks" : "s lack") the per-block sums for \(count) blocks that PBO needs (overfitting.blocks); running \(runs == 1 ? "it" : "them") again"
            )
        }
        if lackingDays > 0 {
            let one = lackingDays == 1
            warnings.append(
                "\(lackingDays) cached run\(one ? " lacks" : "s lack") the day-end equity that a study over several markets needs (for the markets' portfolio); running \(one ? "it" : "them") again"
            )
        }
        olderFormat = 0
        lacking = [:]
        lackingDays = 0
        return warnings
    }

    private mutating func classify(_ hash: String, build: inout BuildContext) -> CacheClassification {
        if let known = classified[hash] { return known }
        let found = CacheClassification(hash, in: build.cache)
        classified[hash] = found
        switch found {
        case .olderFormat: olderFormat += 1
        case .damaged(let why):
            build.report.warnings.append("cache entry \(hash) is damaged (\(why)); running it again")
            if build.options.repairsCache { build.cache.remove(hash) }
        case .cached, .missing: break
        }
        return found
    }
}
