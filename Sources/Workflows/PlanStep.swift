import Engine
import Foundation
import Study

/// "plan": builds each run's config once, hashes it, and classifies it against the cache; what
/// the cache lacks becomes a job. A walk-forward study's windows are cut here (from its data's
/// bars) and their in-sample grids planned; their out-of-sample runs follow in "plan out of sample".
public struct PlanStep: BuildStep {
    public let name = "plan"

    /// The step.
    public init() {}

    public func run(_ build: inout BuildContext) throws {
        var plan = BuildPlan()
        var planner = build.planner
        for loaded in build.loaded {
            var definition = loaded.definition
            var inputsDigest = loaded.inputsDigest
            // A market whose data cannot be read is reported and left out; the others still build
            // (and the study is not marked up to date, so the next build tries it again).
            if definition.markets.count > 1 {
                var kept: [Int] = []
                for (m, market) in definition.markets.enumerated() {
                    do {
                        _ = try build.fingerprint(market.data)
                        kept.append(m)
                    } catch {
                        build.problems(DiagnosticList(from: error).diagnostics)
                    }
                }
                guard !kept.isEmpty else {
                    build.report.brokenIDs.append(definition.id)
                    continue
                }
                if kept.count < definition.markets.count {
                    definition = definition.keeping(markets: kept)
                    inputsDigest = ""
                }
            }
            var study = BuildPlan.Study(definition: definition, inputsDigest: inputsDigest, runs: [], cached: 0, outcomes: [])
            var jobs = RunPlanner.StudyJobs()
            let index = plan.studies.count
            func add(_ config: AppConfig, needs: StatisticsNeeds, trialDataPaths: [ConfigPath]? = nil) throws {
                _ = try planner.add(
                    config, needs: needs, trialDataPaths: trialDataPaths, to: &study, index: index, jobsBefore: plan.jobs.count,
                    jobs: &jobs, build: &build)
            }
            // The grid's runs are the study's trials: the data keys it varies are part of their key.
            let trialDataPaths = definition.optimization?.parameters.map(\.path).filter(\.isData)
            do {
                study.runs.reserveCapacity(definition.runCount)
                study.outcomes.reserveCapacity(definition.runCount)
                for run in 0..<definition.runCount {
                    try add(
                        definition.config(at: run), needs: definition.needs(ofRun: run, detailLimit: build.options.detailRunLimit),
                        trialDataPaths: definition.configuration(ofRun: run) < definition.gridPoints.count ? trialDataPaths : nil)
                }
                if let spec = definition.walkForward, let grid = definition.optimization {
                    // Each market is walked forward on its own windows, cut from its own bars.
                    let cut = try definition.markets.indices.map { m in
                        try Self.windows(spec, definition: definition, market: m, build: &build)
                    }
                    let windowCount = cut.map(\.1.count).reduce(0, +)
                    let total = (windowCount + definition.markets.count) * (definition.gridPoints.count + 1)
                    guard total <= grid.maxRuns else {
                        let markets = definition.markets.count > 1 ? " on \(definition.markets.count) markets" : ""
                        throw spec.locations.file.diagnostic(
                            "the walk-forward needs \(total) runs (\(windowCount) windows\(markets) of \(definition.gridPoints.count) grid points, and their out-of-sample runs), more than max_runs (\(grid.maxRuns))",
                            hint: "use fewer windows (a longer step) or a smaller grid, or raise max_runs in optimization.yaml")
                    }
                    let needs = StatisticsNeeds(blockCounts: [grid.blocks])
                    for (m, (settings, windows, times)) in cut.enumerated() {
                        study.walkForwards.append(
                            WalkForwardPlan(
                                market: m, settings: settings, windows: windows, times: times, inSampleStart: study.runs.count,
                                gridCount: definition.gridPoints.count))
                        study.pending += windows.count + 1
                        for window in windows {
                            for point in definition.gridPoints.indices {
                                try add(definition.config(at: point, market: m, trading: window.inSample), needs: needs)
                            }
                        }
                    }
                }
            } catch {
                // A data file a run reads cannot be read, or the windows do not fit it: the study is broken.
                planner.discard(jobs)
                build.problems(DiagnosticList(from: error).diagnostics)
                build.report.brokenIDs.append(definition.id)
                continue
            }
            planner.commit(jobs, to: &plan)
            plan.studies.append(study)
        }
        build.report.warnings += planner.takeWarnings()
        build.planner = planner
        build.fingerprintMemo.save()
        build.plan = plan
    }

    /// The walk-forward windows over market `market`'s data (its `start`..`end` bars), from
    /// walkforward.yaml's `first_trade`, else the data's `trade_start`, else the first bar; a
    /// setting that does not fit the data is an error at its place in walkforward.yaml (naming
    /// the market, with several).
    static func windows(_ spec: WalkForwardSpec, definition: StudyDefinition, market: Int, build: inout BuildContext) throws
        -> (WalkForwardWindows.Settings, [WalkForwardWindow], [Int64])
    {
        let data = definition.config(configuration: 0, market: market).data
        let source = try build.barSource(data)
        let times = Array(source.bars.time[source.range(of: data)])
        var settings = spec.settings
        settings.firstTrade = settings.firstTrade ?? data.tradeStart
        do {
            return (settings, try WalkForwardWindows.windows(times: times, settings: settings), times)
        } catch {
            var diagnostic = WalkForwardProblemText.diagnostic(error, spec: spec, settings: settings)
            if definition.markets.count > 1 { diagnostic.message = "on market \(definition.markets[market].name), " + diagnostic.message }
            throw diagnostic
        }
    }
}
