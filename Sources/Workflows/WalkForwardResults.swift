import Engine
import Study

/// What a walk-forward came to (DESIGN section 8): per window, the configuration chosen in sample
/// and how it did out of sample; overall, the stitched out-of-sample equity and its metrics, the
/// walk-forward efficiency, the share of profitable windows and how stable the choices were.
public struct WalkForwardResults: Sendable {
    /// One window.
    public struct Window: Sendable {
        /// Its ranges.
        public let window: WalkForwardWindow
        /// The grid point chosen in sample; nil when no run was eligible (the window is skipped, flat).
        public let chosen: Int?
        /// The chosen run in sample: its hash and outcome.
        public let inSample: StudyResults.Run?
        /// The chosen configuration out of sample.
        public let outOfSample: StudyResults.Run?
        /// Eligible in-sample runs (finished, meeting `require`, with an objective).
        public let ranked: Int
        /// The window's grid: DSR of the chosen run, PBO.
        public let robustness: RobustnessReport
        /// Annualised return out of sample over annualised return in sample (CAGRs); nil unless
        /// the in-sample CAGR is positive.
        public let efficiency: Double?

        /// Whether the window was skipped.
        public var isSkipped: Bool { chosen == nil }
    }

    /// The in-sample best of the whole period run over the out-of-sample dates.
    public struct Hindsight: Sendable {
        /// Its grid point.
        public let point: Int
        /// Its run.
        public let run: StudyResults.Run
    }

    /// The market walked forward (its index in the study's markets).
    public let market: Int
    /// The settings the windows were cut with (the first trade resolved).
    public let settings: WalkForwardWindows.Settings
    /// The windows, in order.
    public let windows: [Window]
    /// The out-of-sample windows compounded in order; nil when no window traded, a run failed or
    /// an entry could not be read.
    public let stitched: StitchedEquity?
    /// Why a window that traded could not be stitched (a failed run, an unreadable entry).
    public let unstitched: String?
    /// The hindsight run, when the whole-period grid has a best run.
    public let hindsight: Hindsight?
    /// The stitched CAGR over the mean in-sample CAGR of the chosen runs; nil unless that is positive.
    public let efficiency: Double?
    /// Windows whose out-of-sample return is above 0.
    public let profitable: Int
    /// How the chosen parameters moved from window to window.
    public let stability: ParameterStability

    /// The windows that ran (not skipped).
    public var traded: Int { windows.count(where: { !$0.isSkipped }) }

    /// The walk-forward of `study` from its planned runs and outcomes (all known), reading the
    /// out-of-sample runs' day-end equity and trades from `store`; `trials` is N of the windows'
    /// deflated Sharpe ratios.
    init(study: StudyDefinition, plan: WalkForwardPlan, runs: [StudyResults.Run], trials: Int, store: any ResultStore) {
        let spec = study.optimization!
        market = plan.market
        settings = plan.settings
        var windows: [Window] = []
        for (k, window) in plan.windows.enumerated() {
            let grid = study.gridPoints.indices.map { runs[plan.inSampleRun(window: k, point: $0)] }
            let chosen = plan.chosen[k]
            let inSample = chosen.map { grid[$0] }
            let outOfSample = plan.outOfSample[k].map { runs[$0] }
            let efficiency = Self.ratio(outOfSample?.outcome.metrics?[.cagr], inSample?.outcome.metrics?[.cagr])
            windows.append(
                Window(
                    window: window, chosen: chosen, inSample: inSample, outOfSample: outOfSample, ranked: plan.ranked[k],
                    robustness: RobustnessReport(
                        statistics: grid.map(\.outcome.statistics), best: chosen, trials: trials, blocks: spec.blocks, keepSplits: false),
                    efficiency: efficiency))
        }
        self.windows = windows
        hindsight = plan.hindsight.map { Hindsight(point: $0.point, run: runs[$0.run]) }
        // Each window traded (its stored run) or skipped (flat over its days); nil when a run failed
        // or its entry cannot be read.
        let pieces = zip(windows, plan.outOfSampleDays).map { window, days -> StitchedEquity.Piece? in
            guard let run = window.outOfSample else {
                return .flat(start: days.firstBar, dayEnds: days.dayEnds, bars: window.window.outOfSample.bars.count)
            }
            return store.storedResult(run.hash).map(StitchedEquity.Piece.traded)
        }
        let complete = pieces.compactMap { $0 }
        stitched =
            complete.count == pieces.count ? StitchedEquity(complete, config: study.config(configuration: 0, market: plan.market)) : nil
        unstitched = windows.enumerated().first { k, window in window.outOfSample != nil && pieces[k] == nil }.map { k, window in
            window.outOfSample?.outcome.error == nil
                ? "the cache entry of window \(k + 1)'s out-of-sample run cannot be read" : "window \(k + 1)'s out-of-sample run failed"
        }
        let inSampleGrowth = windows.compactMap { $0.inSample?.outcome.metrics?[.cagr] }
        efficiency =
            inSampleGrowth.isEmpty ? nil : Self.ratio(stitched?.metrics[.cagr], inSampleGrowth.reduce(0, +) / Double(inSampleGrowth.count))
        profitable = windows.count { ($0.outOfSample?.outcome.metrics?[.totalReturn] ?? 0) > 0 }
        stability = ParameterStability(spec: spec, points: study.gridPoints, chosen: windows.map(\.chosen))
    }

    /// `a / b` when `b` is positive (an efficiency is meaningless for an in-sample loss).
    static func ratio(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b > 0 else { return nil }
        return a / b
    }
}

/// How much the chosen parameters moved from one traded window to the next.
public struct ParameterStability: Sendable, Equatable {
    /// One parameter.
    public struct Parameter: Sendable, Equatable {
        /// Its name.
        public let name: String
        /// The value chosen in each window (nil: skipped).
        public let values: [ConfigValue?]
        /// Distinct values chosen.
        public let distinct: Int
        /// Moves between consecutive traded windows that changed it.
        public let changes: Int
        /// The mean move, in positions of its value list (0: never moved).
        public let meanStep: Double
    }

    /// Per parameter.
    public let parameters: [Parameter]
    /// Moves between consecutive traded windows.
    public let transitions: Int
    /// Moves in which the whole chosen point stayed the same.
    public let unchanged: Int

    init(spec: OptimizationSpec, points: [[ConfigValue]], chosen: [Int?]) {
        let traded = chosen.compactMap { $0 }
        transitions = max(0, traded.count - 1)
        unchanged = zip(traded, traded.dropFirst()).count { $0 == $1 }
        parameters = spec.parameters.enumerated().map { i, parameter in
            let position = parameter.positions
            let values = traded.map { points[$0][i] }
            let steps = zip(values, values.dropFirst()).map { abs((position[$1] ?? 0) - (position[$0] ?? 0)) }
            return Parameter(
                name: parameter.name, values: chosen.map { $0.map { points[$0][i] } }, distinct: Set(values).count,
                changes: steps.count { $0 != 0 }, meanStep: steps.isEmpty ? 0 : Double(steps.reduce(0, +)) / Double(steps.count))
        }
    }
}
