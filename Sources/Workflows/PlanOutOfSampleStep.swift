import Engine
import Study

/// "plan out of sample": once a walk-forward's in-sample grids have finished, chooses each
/// window's best configuration (by the objective, among the runs meeting `require`) and plans it
/// on the window's out-of-sample range, and the whole-period grid's best over all the
/// out-of-sample dates (the hindsight run the stitched equity is shown against); with several
/// markets, each market's windows by that market's runs. A window whose grid has no eligible run
/// is skipped. Windows whose in-sample results are not all known (a
/// shard, an interrupted build, `plan` before they ran) stay pending and count as to run.
public struct PlanOutOfSampleStep: BuildStep {
    public let name = "plan out of sample"

    /// The step.
    public init() {}

    public func run(_ build: inout BuildContext) throws {
        guard build.complete else { return }
        var planner = build.planner
        var plan = build.plan
        for index in plan.studies.indices {
            guard !plan.studies[index].walkForwards.isEmpty, !plan.studies[index].dataBroken,
                let spec = plan.studies[index].definition.optimization
            else { continue }
            var study = plan.studies[index]
            let definition = study.definition
            var jobs = RunPlanner.StudyJobs()
            var pending = 0
            func add(_ config: AppConfig) throws -> Int {
                try planner.add(
                    config, needs: StatisticsNeeds(dayEquity: true), to: &study, index: index, jobsBefore: plan.jobs.count, jobs: &jobs,
                    build: &build)
            }
            var walkForwards = study.walkForwards
            do {
                for (w, walkForward) in walkForwards.enumerated() {
                    let m = walkForward.market
                    for (k, window) in walkForward.windows.enumerated() {
                        let outcomes = definition.gridPoints.indices.map { study.outcomes[walkForward.inSampleRun(window: k, point: $0)] }
                        guard !outcomes.contains(where: { $0 == nil }) else {
                            pending += 1
                            continue
                        }
                        let ranking = OptimizationService.rank(spec, points: definition.gridPoints, outcomes: outcomes).ranking
                        walkForwards[w].ranked[k] = ranking.count
                        guard let best = ranking.first else {
                            walkForwards[w].skipped[k] = true
                            continue
                        }
                        walkForwards[w].chosen[k] = best
                        walkForwards[w].outOfSample[k] = try add(definition.config(at: best, market: m, trading: window.outOfSample))
                    }
                    // The market's whole-period runs: grid point p's is run p · markets + m.
                    let whole = definition.gridPoints.indices.map { study.outcomes[$0 * definition.markets.count + m] }
                    if whole.contains(where: { $0 == nil }) {
                        pending += 1
                    } else if let best = OptimizationService.rank(spec, points: definition.gridPoints, outcomes: whole).ranking.first {
                        walkForwards[w].hindsight =
                            (best, try add(definition.config(at: best, market: m, trading: walkForward.outOfSampleSpan)))
                    }
                }
            } catch {
                planner.discard(jobs)
                build.problems(DiagnosticList(from: error).diagnostics)
                build.report.brokenIDs.append(definition.id)
                plan.studies[index].dataBroken = true
                continue
            }
            planner.commit(jobs, to: &plan)
            study.walkForwards = walkForwards
            study.pending = pending
            plan.studies[index] = study
        }
        build.report.warnings += planner.takeWarnings()
        build.planner = planner
        build.plan = plan
        build.fingerprintMemo.save()
    }
}
