import Engine
import Foundation
import Study

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
            let trials = recordTrials(of: study, build: &build)
            // A market's windows choose among the configurations tried on it: with several markets,
            // the ledger's (configuration, market) pairs over the markets (at least the grid).
            let markets = definition.markets.count
            let windowTrials = max(definition.gridPoints.count, ((trials ?? 0) + markets - 1) / markets)
            let walkForwards = study.walkForwards.map {
                WalkForwardResults(study: definition, plan: $0, runs: runs, trials: windowTrials, store: build.cache)
            }
            build.analysed.append(
                AnalysedStudy(
                    results: StudyResults(
                        study: definition, runs: Array(runs.prefix(definition.runCount)), trials: trials, walkForwards: walkForwards,
                        store: build.cache),
                    runCount: study.total,
                    marker: failed == 0 && !study.inputsDigest.isEmpty
                        ? StudyMarker(digest: study.inputsDigest, runs: study.total, hashes: study.runs.map(\.hash), cache: build.cache)
                        : nil))
        }
    }

    /// Adds the grid's finished runs to the study's trial ledger and returns its count, N; nil for
    /// a study without a grid. The runs' trial keys were made with their hashes, while planning
    /// (the grid's runs come first: configuration by configuration, market by market).
    func recordTrials(of study: BuildPlan.Study, build: inout BuildContext) -> Int? {
        let definition = study.definition
        guard definition.optimization != nil else { return nil }
        var ledger = TrialLedger(folder: build.options.ledger, study: definition.id)
        // Every finished run of the grid: with several markets, each (configuration, market) pair.
        let grid = 0..<definition.gridPoints.count * definition.markets.count
        ledger.record(grid.compactMap { study.outcomes[$0]?.metrics != nil ? study.runs[$0].trial : nil })
        do {
            try ledger.save()
        } catch {
            build.report.warnings.append("could not write the trial ledger \(ledger.url.path): \(error.localizedDescription)")
        }
        return ledger.count
    }
}
