import Engine
import Foundation
import Storage
import Runner
import Study
import Synchronization

/// `backlab build` as named steps: load and plan the studies, read what the cache has, run the
/// rest in parallel, then aggregate and write each study's results.
public struct BuildPipeline: Sendable {
    /// The options.
    public let options: BuildOptions

    /// A pipeline for `options`.
    public init(options: BuildOptions) { self.options = options }

    struct Job: Sendable {
        let hash: String
        let config: AppConfig
        let dataKey: DataConfig
        var targets: [(study: Int, run: Int)]
    }

    /// Runs the build; `problems` is called with the bad-input diagnostics as soon as they are
    /// known (before anything runs), so users see them at once.
    /// `render` is called with each study's aggregate after its results files are written and
    /// before its marker is, so a study is only marked done once its pages are too.
    public func build(problems: ([Diagnostic]) -> Void = { _ in }, render: ((StudyResults) throws -> Void)? = nil) -> BuildReport {
        var report = BuildReport()
        var stepStart = Date()
        func step(_ name: String) {
            let now = Date()
            report.steps.append((name, now.timeIntervalSince(stepStart)))
            stepStart = now
        }
        let memo = DataFingerprints(cacheDirectory: options.cache)
        let costs = RunCostModel(cacheDirectory: options.cache)
        let cache = ResultCache(directory: options.cache)
        let plan = BuildPlan.make(options, fingerprints: memo, skipUpToDate: options.shard == nil && !options.force)
        report.diagnostics = plan.diagnostics
        report.brokenIDs = plan.brokenIDs
        if !plan.diagnostics.isEmpty { problems(plan.diagnostics) }
        memo.save()
        step("load and plan studies")

        // Read the cache; what it lacks becomes a job (one per distinct config).
        var outcomes: [[RunOutcome?]] = plan.studies.map { [RunOutcome?](repeating: nil, count: $0.hashes.count) }
        var cachedCounts = [Int](repeating: 0, count: plan.studies.count)
        var jobs: [Job] = []
        var jobIndex: [String: Int] = [:]
        var olderFormat = 0
        for (s, study) in plan.studies.enumerated() {
            for (run, hash) in study.hashes.enumerated() {
                if let shard = options.shard, BuildPlan.shard(of: hash, count: shard.count) != shard.index { continue }
                if !options.force {
                    if options.shard != nil {
                        if cache.contains(hash) { cachedCounts[s] += 1; continue }
                    } else {
                        switch cache.read(hash) {
                        case .hit(let payload):
                            if let stored = StoredResult(decoding: payload, metricsOnly: true) {
                                outcomes[s][run] = .finished(stored.metrics, warnings: stored.warnings)
                                cachedCounts[s] += 1
                                continue
                            }
                            olderFormat += 1
                        case .corrupt(let why):
                            report.warnings.append("cache entry \(hash) is damaged (\(why)); running it again")
                            cache.remove(hash)
                        case .miss:
                            break
                        }
                    }
                }
                if let existing = jobIndex[hash] {
                    jobs[existing].targets.append((s, run))
                } else {
                    jobIndex[hash] = jobs.count
                    jobs.append(Job(hash: hash, config: study.definition.config(at: run), dataKey: study.dataKeys[run], targets: [(s, run)]))
                }
            }
        }

        if olderFormat > 0 {
            report.warnings.append("\(olderFormat) cache entr\(olderFormat == 1 ? "y was" : "ies were") written by another version of Backlab; running \(olderFormat == 1 ? "it" : "them") again")
        }

        step("read the cache")
        // Load each data set the jobs need once; a data error breaks the studies that use it.
        var data: [DataConfig: LoadedData] = [:]
        var brokenStudies = Set<Int>()
        for job in jobs where data[job.dataKey] == nil && !job.targets.allSatisfy({ brokenStudies.contains($0.study) }) {
            do {
                data[job.dataKey] = try plan.preloads[job.dataKey]?.wait() ?? LoadedData(job.dataKey, known: plan.fingerprints[job.dataKey])
            } catch {
                let found = DiagnosticList(from: error).diagnostics
                problems(found)
                report.diagnostics += found
                for other in jobs where other.dataKey == job.dataKey { for target in other.targets { brokenStudies.insert(target.study) } }
            }
        }
        let runnable = jobs.filter { job in data[job.dataKey] != nil }
        report.brokenIDs += brokenStudies.sorted().map { plan.studies[$0].definition.id }

        step("load data")
        // Run.
        let progress = ProgressReporter(style: options.progress)
        let cachedTotal = cachedCounts.enumerated().filter { !brokenStudies.contains($0.offset) }.map(\.element).reduce(0, +)
        progress.start(total: runnable.count + cachedTotal, cached: cachedTotal)
        let results = Mutex([RunOutcome?](repeating: nil, count: runnable.count))
        let cacheWarnings = Mutex([String]())
        let loaded = data
        let faultPrefix = ProcessInfo.processInfo.environment["BACKLAB_FAIL_RUNS_WITH_HASH_PREFIX"].flatMap { $0.isEmpty ? nil : $0 }
        let complete = ParallelRunService.run(count: runnable.count, jobs: options.jobs) { index in
            let job = runnable[index]
            let start = Date()
            let outcome: RunOutcome
            do {
                if let prefix = faultPrefix, job.hash.hasPrefix(prefix) { throw InjectedFault() }
                let result = try StrategyOrchestrator.run(job.config, data: loaded[job.dataKey]!, configHash: job.hash)
                do {
                    try cache.write(job.hash, payload: StoredResult(result).encoded())
                } catch {
                    cacheWarnings.withLock { $0.append("could not write cache entry \(job.hash): \(error.localizedDescription)") }
                }
                outcome = .finished(result.metrics, warnings: result.warnings)
            } catch {
                outcome = .failed(DiagnosticList(from: error).description)
            }
            costs.record(BuildPlan.costKey(job.dataKey, fingerprint: plan.fingerprints[job.dataKey]?.digest ?? ""), seconds: Date().timeIntervalSince(start))
            return outcome
        } deliver: { index, outcome in
            results.withLock { $0[index] = outcome }
            progress.finished(failed: outcome.error != nil)
        }
        progress.finish()
        costs.save()
        report.warnings += cacheWarnings.withLock { $0 }
        report.interrupted = !complete
        step("run backtests")

        // Place results in run order.
        var ranCounts = [Int](repeating: 0, count: plan.studies.count)
        let finished = results.withLock { $0 }
        for (index, job) in runnable.enumerated() {
            guard let outcome = finished[index] else { continue }
            for (position, target) in job.targets.enumerated() {
                outcomes[target.study][target.run] = outcome
                if position == 0 { ranCounts[target.study] += 1 } else { cachedCounts[target.study] += 1 }
            }
        }

        // Aggregate and write (not for a shard, whose cache is only a part, nor when interrupted).
        for current in plan.upToDate {
            report.studies.append(.init(id: current.id, runs: current.runs, ran: 0, cached: current.runs, failed: 0, upToDate: true))
        }
        for (s, study) in plan.studies.enumerated() where !brokenStudies.contains(s) {
            let id = study.definition.id
            let collected = outcomes[s]
            let failed = collected.compactMap { $0?.error }.count
            report.studies.append(.init(id: id, runs: study.hashes.count, ran: ranCounts[s], cached: cachedCounts[s], failed: failed, upToDate: false))
            guard options.shard == nil, complete, collected.allSatisfy({ $0 != nil }) else { continue }
            let results = StudyResults(study: study.definition, outcomes: collected.map { $0! }, hashes: study.hashes)
            do {
                report.written += try write(results, digest: failed == 0 ? study.inputsDigest : nil, render: render)
            } catch let diagnostic as Diagnostic {
                report.diagnostics.append(diagnostic)
            } catch {
                report.diagnostics.append(Diagnostic(file: options.output.appendingPathComponent(id).path, message: "cannot write results: \(error.localizedDescription)"))
            }
        }
        step(render == nil ? "write results" : "write results and pages")
        return report
    }

    /// Writes results.csv, results.json and, last, the inputs marker (only when every run
    /// finished, so failed runs are tried again next time). Returns the files written.
    func write(_ results: StudyResults, digest: String?, render: ((StudyResults) throws -> Void)?) throws -> [String] {
        let folder = options.output.appendingPathComponent(results.study.id)
        var written: [String] = []
        for (name, text) in [("results.csv", results.csvText), ("results.json", results.jsonText)] {
            if try AtomicFile.writeIfChanged(Data(text.utf8), to: folder.appendingPathComponent(name)) { written.append("\(results.study.id)/\(name)") }
        }
        try render?(results)
        if let digest {
            try StudyMarker(digest: digest, runs: results.outcomes.count).write(to: folder)
        } else {
            StudyMarker.remove(from: folder)
        }
        return written
    }
}


/// A failure injected through `BACKLAB_FAIL_RUNS_WITH_HASH_PREFIX`, so tests can prove that a failing
/// run is isolated (a failed row, exit code 2) without a real engine fault.
struct InjectedFault: Error, CustomStringConvertible {
    var description: String { "injected failure (BACKLAB_FAIL_RUNS_WITH_HASH_PREFIX)" }
}
