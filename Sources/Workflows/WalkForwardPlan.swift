import Engine
import Study

/// A walk-forward's windows on one market and where their runs are among the study's runs: after
/// the runs of run.yaml's own grid (and variants), each market's windows' in-sample grids (market
/// by market, window by window), then, once the in-sample grids finished ("plan out of sample"),
/// each window's out-of-sample run and the hindsight run (the market's whole-period best over the
/// out-of-sample dates).
public struct WalkForwardPlan: Sendable {
    /// The market walked forward (its index in the study's markets; 0 with one).
    public let market: Int
    /// The settings the windows were cut with (the first trade resolved).
    public let settings: WalkForwardWindows.Settings
    /// The windows.
    public let windows: [WalkForwardWindow]
    /// Per window, the time of its out-of-sample range's first bar and of each of its day ends
    /// (its last bar of each UTC day): where a skipped window stays flat in the stitched equity.
    let outOfSampleDays: [(firstBar: Int64, dayEnds: [Int64])]
    /// The index among the study's runs of window 0's first in-sample run.
    public let inSampleStart: Int
    /// Points in the grid.
    public let gridCount: Int
    /// Per window: the grid point chosen in sample (nil: not known yet, or none was eligible).
    public internal(set) var chosen: [Int?]
    /// Per window: whether its in-sample grid is known and had no eligible run (the window is
    /// skipped, flat).
    public internal(set) var skipped: [Bool]
    /// Per window: how many of its in-sample runs were eligible (ranked), once known.
    public internal(set) var ranked: [Int]
    /// Per window: the index among the study's runs of its out-of-sample run.
    public internal(set) var outOfSample: [Int?]
    /// The hindsight run: the whole-period grid's best point and the index of its run over the
    /// out-of-sample dates.
    public internal(set) var hindsight: (point: Int, run: Int)?

    /// A plan of `windows` over a grid of `gridCount` points, its in-sample runs from `inSampleStart`.
    init(
        market: Int, settings: WalkForwardWindows.Settings, windows: [WalkForwardWindow], times: [Int64], inSampleStart: Int,
        gridCount: Int
    ) {
        self.market = market
        self.settings = settings
        self.windows = windows
        outOfSampleDays = windows.map { window in
            let range = Array(times[window.outOfSample.bars])
            return (range.first ?? window.outOfSample.tradeStart, MetricsCalculator.dayEnds(range).map { range[$0] })
        }
        self.inSampleStart = inSampleStart
        self.gridCount = gridCount
        chosen = Array(repeating: nil, count: windows.count)
        skipped = Array(repeating: false, count: windows.count)
        ranked = Array(repeating: 0, count: windows.count)
        outOfSample = Array(repeating: nil, count: windows.count)
    }

    /// The index among the study's runs of grid point `point`'s run in window `window`'s in-sample range.
    public func inSampleRun(window: Int, point: Int) -> Int { inSampleStart + window * gridCount + point }

    /// The out-of-sample dates of the whole walk-forward: from the first window's to the last's.
    public var outOfSampleSpan: TradingRange {
        let first = windows.first!.outOfSample
        let last = windows.last!.outOfSample
        return TradingRange(bars: first.bars.lowerBound..<last.bars.upperBound, tradeStart: first.tradeStart, end: last.end)
    }
}

extension StudyDefinition {
    /// Grid point `point`'s config on market `market`, traded on `range` (its `data.trade_start`
    /// and `data.end`).
    public func config(at point: Int, market: Int = 0, trading range: TradingRange) -> AppConfig {
        var config = config(configuration: point, market: market)
        config.data.tradeStart = range.tradeStart
        config.data.end = range.end
        return config
    }
}
