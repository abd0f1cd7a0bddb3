import Engine
import Study

/// A walk-forward's out-of-sample windows compounded in order (DESIGN section 8): each window's
/// equity at its day ends, relative to the capital it started with, chained onto where the
/// previous window ended, from the initial capital at the first window's first bar.
///
/// Its metrics are section 4's, computed on that day-end curve (the same as per bar for daily
/// bars; for intraday bars drawdowns are measured at day ends and `max_drawdown_duration` counts
/// days), over every window's trades; `exposure` is the windows' exposure weighted by their bars.
public struct StitchedEquity: Sendable {
    /// Times of the points: the first window's first bar, then every day end.
    public let times: [Int64]
    /// Equity at those times.
    public let equity: [Double]
    /// Its metrics.
    public let metrics: Metrics

    /// Stitches the stored out-of-sample runs `windows` (in order, each with its day-end equity)
    /// of configs like `config`; nil when there are none or one lacks its day-end equity.
    init?(_ windows: [StoredResult], config: AppConfig) {
        guard let first = windows.first else { return nil }
        let capital = config.platform.initialCapital
        var times: [Int64] = []
        var equity: [Double] = []
        var level = capital
        for window in windows {
            guard let days = window.dayEquity, let start = days.first, start.equity > 0 else { return nil }
            if times.isEmpty {
                times.append(start.time)
                equity.append(capital)
            }
            for day in days.dropFirst() {
                times.append(day.time)
                equity.append(level * day.equity / start.equity)
            }
            level = equity.last!
        }
        self.times = times
        self.equity = equity
        let settings = MetricSettings(
            periodsPerYear: first.periodsPerYear, riskFreeRate: config.metrics.riskFreeRate, initialCapital: capital)
        var values = MetricsCalculator.compute(
            trades: windows.flatMap(\.trades), equity: equity, time: times, settings: settings, dayEnds: Array(equity.indices)
        ).values
        let bars = windows.map(\.bars).reduce(0, +)
        values[.exposure] = bars == 0 ? nil : windows.map { ($0.metrics[.exposure] ?? 0) * Double($0.bars) }.reduce(0, +) / Double(bars)
        metrics = Metrics(values)
    }
}
