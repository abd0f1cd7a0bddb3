import Engine
import Study

/// A walk-forward's out-of-sample windows compounded in order (DESIGN section 8): each traded
/// window's equity at its day ends, relative to the capital it started with, chained onto where
/// the previous window ended, from the initial capital at the first window's first bar; a skipped
/// window holds the level flat over its days.
///
/// Its metrics are section 4's, computed on that day-end curve (the same as per bar for daily
/// bars; for intraday bars drawdowns and the equity peak are measured at day ends and
/// `max_drawdown_duration` and `avg_drawdown_duration`, counts of bars, are not defined), over
/// every window's trades; `exposure` is the traded windows' exposure weighted by their bars, over
/// all the out-of-sample bars. Buy and hold, alpha and beta are not defined (no closes are kept).
public struct StitchedEquity: Sendable {
    /// One out-of-sample window.
    enum Piece {
        /// A window that traded: its stored run (with its day-end equity).
        case traded(StoredResult)
        /// A skipped window: its first bar's time, the times of its day ends and its bars.
        case flat(start: Int64, dayEnds: [Int64], bars: Int)
    }

    /// Times of the points: the first window's first bar, then every day end.
    public let times: [Int64]
    /// Equity at those times.
    public let equity: [Double]
    /// Its metrics.
    public let metrics: Metrics
    /// Every window's trades, in order.
    public let trades: [Trade]
    /// The windows' periods per year.
    public let periodsPerYear: Double

    /// Stitches `pieces` (in order) of configs like `config`; nil when no window traded or a
    /// traded window lacks its day-end equity.
    init?(_ pieces: [Piece], config: AppConfig) {
        let traded = pieces.compactMap { piece -> StoredResult? in
            if case .traded(let stored) = piece { return stored }
            return nil
        }
        guard let first = traded.first else { return nil }
        let capital = config.platform.initialCapital
        var times: [Int64] = []
        var equity: [Double] = []
        var bars = 0
        for piece in pieces {
            let level = equity.last ?? capital
            switch piece {
            case .traded(let window):
                guard let days = window.dayEquity, let start = days.first, start.equity > 0 else { return nil }
                if times.isEmpty {
                    times.append(start.time)
                    equity.append(capital)
                }
                for day in days.dropFirst() {
                    times.append(day.time)
                    equity.append(level * day.equity / start.equity)
                }
                bars += window.bars
            case .flat(let start, let dayEnds, let count):
                if times.isEmpty {
                    times.append(start)
                    equity.append(capital)
                }
                times += dayEnds
                equity += Array(repeating: level, count: dayEnds.count)
                bars += count
            }
        }
        self.times = times
        self.equity = equity
        trades = traded.flatMap(\.trades)
        periodsPerYear = first.periodsPerYear
        let settings = MetricSettings(
            periodsPerYear: first.periodsPerYear, riskFreeRate: config.metrics.riskFreeRate, initialCapital: capital)
        var values = MetricsCalculator.compute(
            trades: trades, equity: equity, time: times, settings: settings, dayEnds: Array(equity.indices)
        ).values
        values[.exposure] = bars == 0 ? nil : traded.map { ($0.metrics[.exposure] ?? 0) * Double($0.bars) }.reduce(0, +) / Double(bars)
        // Day-end points count days, not bars, unless every bar ends its day.
        if bars != equity.count - 1 {
            values[.maxDrawdownDuration] = nil
            values[.avgDrawdownDuration] = nil
        }
        metrics = Metrics(values)
    }
}
