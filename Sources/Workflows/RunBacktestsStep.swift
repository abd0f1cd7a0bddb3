import Engine
import Foundation
import Runner
import Storage
import Study
import Synchronization

/// "run backtests": runs the jobs on the ParallelRunService, writes each result to the cache as it
/// finishes (so an interrupted build loses nothing that finished) and places the outcomes in run
/// order.
public struct RunBacktestsStep: BuildStep {
    public let name: String

    /// The step, for the jobs planned since the last one.
    public init(name: String = "run backtests") { self.name = name }

    public func run(_ build: inout BuildContext) throws {
        let plan = build.plan
        // Grouped by data source (in the order the sources first come), so each market's bars are
        // held only while its own jobs run.
        let ready = plan.jobs[plan.jobsStarted...].filter { build.data.contains($0.config.data.loaded) }
        var groups: [DataConfig.Source: Int] = [:]
        for job in ready where groups[job.config.data.source] == nil { groups[job.config.data.source] = groups.count }
        let runnable = ready.enumerated().sorted {
            (groups[$0.element.config.data.source]!, $0.offset) < (groups[$1.element.config.data.source]!, $1.offset)
        }.map(\.element)
        build.plan.jobsStarted = plan.jobs.count
        // A later run step shows the runs planned since (out of sample), and only those.
        let cachedTotal = plan.studies.filter { !$0.dataBroken }.map(\.cached).reduce(0, +) - plan.cachedShown
        build.plan.cachedShown += cachedTotal
        guard !runnable.isEmpty || plan.jobsStarted == 0 else { return }
        let progress = ProgressReporter(style: build.options.progress)
        progress.start(total: runnable.count + cachedTotal, cached: cachedTotal)
        let results = Mutex([RunOutcome?](repeating: nil, count: runnable.count))
        let cacheFailures = Mutex([any Error]())
        // Sources read already (or being read) are taken as they are; the others are read from
        // their bar stores as their first job starts. None is kept after its last job.
        let preloads = Mutex(build.sources)
        let storeWarnings = Mutex([(DataConfig.Source, String)]())
        let unreadable = Mutex([DataConfig.Source: any Error]())
        let store = build.barStore
        let keys = build.sourceFingerprints.mapValues(\.digest)
        let data = LoadedDataPool(jobs: runnable.map(\.config.data.loaded), fingerprints: build.fingerprints) { source in
            let read: BarSource
            do {
                if let preload = preloads.withLock({ $0.removeValue(forKey: source) }) {
                    read = try preload.wait()
                } else {
                    let key = keys[source]
                    read = try BarSource(source, store: store, key: { key })
                }
            } catch {
                unreadable.withLock { $0[source] = error }
                throw error
            }
            if let warning = read.storeWarning { storeWarnings.withLock { $0.append((source, warning)) } }
            return read
        }
        for source in groups.keys { build.sources[source] = nil }
        let cache = build.cache
        let costs = build.costs
        let fingerprints = build.sourceFingerprints
        let failRun = build.options.failRun
        let complete = ParallelRunService.run(count: runnable.count, jobs: build.options.jobs) { index in
            let job = runnable[index]
            let start = Date()
            let outcome: RunOutcome
            do {
                if let failRun, failRun(job.hash) { throw InjectedFailure() }
                let result = try data.use(job.config.data.loaded) {
                    try StrategyOrchestrator.run(job.config, data: $0, configHash: job.hash)
                }
                let stored = StoredResult(result, needs: job.needs)
                do {
                    try cache.write(job.hash, payload: (job.needs.detail ? stored : stored.summary).encoded())
                } catch {
                    cacheFailures.withLock { $0.append(error) }
                }
                outcome = .finished(result.metrics, warnings: result.warnings, statistics: stored.statistics)
            } catch {
                outcome = .failed(DiagnosticList(from: error).description)
            }
            let key = BuildPlan.costKey(job.config.data, fingerprint: fingerprints[job.config.data.source]?.digest ?? "")
            costs.record(key, seconds: Date().timeIntervalSince(start))
            return outcome
        } deliver: { index, outcome in
            results.withLock { $0[index] = outcome }
            progress.finished(failed: outcome.error != nil)
        }
        progress.finish()
        for (source, warning) in storeWarnings.withLock({ $0 }) where build.storeWarned.insert(source).inserted {
            build.report.warnings.append(warning)
        }
        // The packs written are closed with their indexes: the next reader reads no headers.
        cache.finishWrites()
        costs.save()
        // A result that cannot be kept is an error (exit 1): this build still shows it, but the
        // next one must run it again. One line, naming the first entry, whatever the count.
        let failures = cacheFailures.withLock { $0 }
        if let first = failures.first {
            let more = failures.count > 1 ? " (and \(failures.count - 1) more entr\(failures.count == 2 ? "y" : "ies"))" : ""
            let write = first as? FileWriteError
            let text = write.map { "cannot write the cache entry \($0.path): \($0.reason)" } ?? "\(first)"
            build.report.writeErrors.append(
                BuildStepError(
                    step: name,
                    Diagnostic(
                        file: nil, message: text + more,
                        hint:
                            "\(write?.remedy ?? "check the cache folder") (or choose another with --cache): those runs run again next time")
                ))
        }
        build.complete = build.complete && complete
        build.report.interrupted = build.report.interrupted || !complete
        // A source that could not be read when its runs started (gone, or changed since the plan)
        // is a data error, as in "load data": it breaks the studies that read it.
        let failedSources = unreadable.withLock { $0 }
        for (_, error) in failedSources.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            build.problems(DiagnosticList(from: error).diagnostics)
        }
        var broken: [Int] = []
        for job in runnable where failedSources[job.config.data.source] != nil {
            for target in job.targets where !build.plan.studies[target.study].dataBroken {
                build.plan.studies[target.study].dataBroken = true
                broken.append(target.study)
            }
        }
        build.report.brokenIDs += broken.map { build.plan.studies[$0].definition.id }
        // Place outcomes in run order; a config asked for twice ran once and counts as cached after.
        let finished = results.withLock { $0 }
        for (index, job) in runnable.enumerated() where failedSources[job.config.data.source] == nil {
            guard let outcome = finished[index] else { continue }
            for (position, target) in job.targets.enumerated() {
                build.plan.studies[target.study].outcomes[target.run] = outcome
                if position == 0 { build.plan.studies[target.study].ran += 1 } else { build.plan.studies[target.study].reused += 1 }
            }
        }
    }
}

/// The failure `BuildOptions.failRun` injects, so tests can prove that a failing run is isolated
/// (a failed row, exit code 2) without a real engine fault.
struct InjectedFailure: Error, CustomStringConvertible {
    var description: String { "injected failure (BuildOptions.failRun)" }
}
