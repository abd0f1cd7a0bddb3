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
            let definition = loaded.definition
            let study = plan.studies.count
            var runs: [BuildPlan.Run] = []
            var outcomes: [RunOutcome?] = []
            var cached = 0
            var jobs = RunPlanner.StudyJobs()
            var walkForward: WalkForwardPlan?
            func add(_ config: AppConfig, needs: StatisticsNeeds) throws {
                let hash = ConfigHash.of(config, dataFingerprint: try build.fingerprint(config.data))
                runs.append(BuildPlan.Run(hash: hash, data: config.data))
                let target = BuildPlan.Target(study: study, run: runs.count - 1)
                let outcome = planner.plan(
                    config, hash: hash, needs: needs, target: target, jobsBefore: plan.jobs.count, jobs: &jobs, build: &build)
                outcomes.append(outcome)
                if outcome != nil { cached += 1 }
            }
            do {
                runs.reserveCapacity(definition.runCount)
                outcomes.reserveCapacity(definition.runCount)
                for run in 0..<definition.runCount { try add(definition.config(at: run), needs: definition.needs(ofRun: run)) }
                if let spec = definition.walkForward, let grid = definition.optimization {
                    let (settings, windows) = try Self.windows(spec, definition: definition, build: &build)
                    let total = (windows.count + 1) * (definition.gridPoints.count + 1)
                    guard total <= grid.maxRuns else {
                        throw spec.locations.file.diagnostic(
                            "the walk-forward needs \(total) runs (\(windows.count) windows of \(definition.gridPoints.count) grid points, and their out-of-sample runs), more than max_runs (\(grid.maxRuns))",
                            hint: "use fewer windows (a longer step) or a smaller grid, or raise max_runs in optimization.yaml")
                    }
                    walkForward = WalkForwardPlan(
                        settings: settings, windows: windows, inSampleStart: runs.count, gridCount: definition.gridPoints.count)
                    let needs = StatisticsNeeds(blockCounts: [grid.blocks])
                    for window in windows {
                        for point in definition.gridPoints.indices {
                            try add(definition.config(at: point, trading: window.inSample), needs: needs)
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
            var planned = BuildPlan.Study(
                definition: definition, inputsDigest: loaded.inputsDigest, runs: runs, cached: cached, outcomes: outcomes)
            planned.walkForward = walkForward
            planned.pending = walkForward?.laterRuns ?? 0
            plan.studies.append(planned)
        }
        build.report.warnings += planner.takeWarnings()
        build.planner = planner
        build.fingerprintMemo.save()
        build.plan = plan
    }

    /// The walk-forward windows over the study's data (its `start`..`end` bars), from
    /// walkforward.yaml's `first_trade`, else run.yaml's `data.trade_start`, else the first bar;
    /// a setting that does not fit the data is an error at its place in walkforward.yaml.
    static func windows(_ spec: WalkForwardSpec, definition: StudyDefinition, build: inout BuildContext) throws
        -> (WalkForwardWindows.Settings, [WalkForwardWindow])
    {
        let data = definition.base.data
        let source = try build.barSource(data)
        let times = Array(source.bars.time[source.range(of: data)])
        var settings = spec.settings
        settings.firstTrade = settings.firstTrade ?? data.tradeStart
        do {
            return (settings, try WalkForwardWindows.windows(times: times, settings: settings))
        } catch {
            throw WalkForwardProblemText.diagnostic(error, spec: spec, settings: settings)
        }
    }
}
