import Engine
import Foundation
import Runner
import Study
import Synchronization

/// "analyse": counts each study's runs for the report and aggregates every study whose runs all
/// finished through the OptimizationService and VariantTestService (not for a shard, whose cache
/// is only a part, nor after an interruption).
public struct AnalyseStep: BuildStep {
    public let name = "analyse"

    /// The step.
    public init() {}

    public func run(_ build: inout BuildContext) throws {
        let plan = build.plan
        for study in plan.studies where !study.dataBroken {
            let outcomes = study.outcomes
            let failed = outcomes.compactMap { $0?.error }.count
            build.report.studies.append(
                .init(
                    id: study.definition.id, runs: study.total, ran: study.ran,
                    cached: study.cached + study.reused, failed: failed, upToDate: false))
            guard build.options.shard == nil, build.complete else { continue }
            let runs = zip(study.runs, outcomes).compactMap { run, outcome in outcome.map { StudyResults.Run(hash: run.hash, outcome: $0) }
            }
            guard runs.count == outcomes.count, study.pending == 0 else { continue }
            let definition = study.definition
            let trials = recordTrials(of: definition, outcomes: outcomes, build: &build)
            let walkForward = study.walkForward.map {
                WalkForwardResults(
                    study: definition, plan: $0, runs: runs, trials: trials ?? definition.gridPoints.count, store: build.cache)
            }
            build.analysed.append(
                AnalysedStudy(
                    results: StudyResults(
                        study: definition, runs: Array(runs.prefix(definition.runCount)), trials: trials, walkForward: walkForward),
                    runCount: study.total, inputsDigest: failed == 0 ? study.inputsDigest : nil))
        }
    }

    /// Adds the grid's finished runs to the study's trial ledger and returns its count, N; nil for
    /// a study without a grid.
    func recordTrials(of study: StudyDefinition, outcomes: [RunOutcome?], build: inout BuildContext) -> Int? {
        guard let spec = study.optimization else { return nil }
        var ledger = TrialLedger(folder: build.options.ledger, study: study.id)
        let dataPaths = spec.parameters.map(\.path).filter(\.isData)
        let finished = study.gridPoints.indices.filter { outcomes[$0]?.metrics != nil }
        // A key is a config's canonical JSON hashed: shared out in chunks, as a 100,000-run grid has as many.
        let chunk = 500
        let keys = Mutex([[String]](repeating: [], count: (finished.count + chunk - 1) / chunk))
        ParallelRunService.run(count: keys.withLock(\.count), jobs: build.options.jobs, interruption: Interruption()) { part in
            finished[part * chunk..<min(finished.count, (part + 1) * chunk)].map { study.config(at: $0).trialKey(dataPaths: dataPaths) }
        } deliver: { part, found in
            keys.withLock { $0[part] = found }
        }
        ledger.record(keys.withLock { $0.joined() })
        do {
            try ledger.save()
        } catch {
            build.report.warnings.append("could not write the trial ledger \(ledger.url.path): \(error.localizedDescription)")
        }
        return ledger.count
    }
}
