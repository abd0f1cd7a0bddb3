import Engine
import Study

/// A walk-forward over several markets as one (DESIGN section 9): each market is walked forward on
/// its own windows, and the aggregate is the equal-weight portfolio of the markets' stitched
/// out-of-sample equities (rebalanced daily, as a grid's aggregate over markets), against the
/// portfolio of the markets' hindsight runs over the same dates; the windows of every market are
/// counted together.
public struct WalkForwardAggregate: Sendable {
    /// An equal-weight portfolio's equity at each day's end, and its metrics.
    public struct Curve: Sendable {
        /// The first market's first out-of-sample bar, then each day (its start, UTC).
        public let times: [Int64]
        /// Equity at those times, from the initial capital.
        public let equity: [Double]
        /// Section 4's metrics on that curve, over every market's trades; `exposure` is the
        /// markets' mean, `max_drawdown_duration` and `avg_drawdown_duration` (in days) only when
        /// every market's maximum is defined; buy and hold, alpha and beta are not defined.
        public let metrics: Metrics
    }

    /// The markets' stitched equities held equal-weight; nil unless every market's could be stitched.
    public let stitched: Curve?
    /// The markets' hindsight runs held equal-weight; nil unless every market has one.
    public let hindsight: Curve?
    /// Windows over all markets.
    public let windows: Int
    /// Windows that traded.
    public let traded: Int
    /// Windows whose out-of-sample return is above 0.
    public let profitable: Int
    /// The portfolio's CAGR over the mean in-sample CAGR of every market's chosen runs; nil
    /// unless that is positive.
    public let efficiency: Double?

    /// The aggregate of `markets` (one walk-forward per market, in order), the hindsight runs'
    /// day-end equity read from `store`; `config` gives the initial capital and risk-free rate.
    init(_ markets: [WalkForwardResults], config: AppConfig, store: any ResultStore) {
        windows = markets.map(\.windows.count).reduce(0, +)
        traded = markets.map(\.traded).reduce(0, +)
        profitable = markets.map(\.profitable).reduce(0, +)
        let stitched = markets.compactMap { market in
            market.stitched.map { s in
                StoredResult(
                    metrics: s.metrics, trades: s.trades, equityTime: [], equity: [], bars: s.times.count - 1,
                    periodsPerYear: s.periodsPerYear, warnings: [], monthEnds: [], dayEquity: Array(zip(s.times, s.equity)))
            }
        }
        self.stitched = stitched.count == markets.count ? Self.curve(stitched, config: config) : nil
        let hindsight = markets.compactMap { $0.hindsight.flatMap { store.storedResult($0.run.hash) } }
        self.hindsight = hindsight.count == markets.count ? Self.curve(hindsight, config: config) : nil
        let inSampleGrowth = markets.flatMap { $0.windows.compactMap { $0.inSample?.outcome.metrics?[.cagr] } }
        efficiency =
            inSampleGrowth.isEmpty
            ? nil : WalkForwardResults.ratio(self.stitched?.metrics[.cagr], inSampleGrowth.reduce(0, +) / Double(inSampleGrowth.count))
    }

    /// The equal-weight portfolio of `markets` (each with its day-end equity) and its metrics.
    static func curve(_ markets: [StoredResult], config: AppConfig) -> Curve? {
        guard let portfolio = StoredResult(portfolio: markets, metrics: Metrics([:]), warnings: [], config: config),
            let days = portfolio.dayEquity
        else { return nil }
        let settings = MetricSettings(
            periodsPerYear: portfolio.periodsPerYear, riskFreeRate: config.metrics.riskFreeRate,
            initialCapital: config.platform.initialCapital)
        var values = MetricsCalculator.compute(
            trades: portfolio.trades, equity: days.map(\.equity), time: days.map(\.time), settings: settings, dayEnds: Array(days.indices)
        ).values
        let exposures = markets.compactMap { $0.metrics[.exposure] }
        values[.exposure] = exposures.count == markets.count ? exposures.reduce(0, +) / Double(markets.count) : nil
        if markets.contains(where: { $0.metrics[.maxDrawdownDuration] == nil }) {
            values[.maxDrawdownDuration] = nil
            values[.avgDrawdownDuration] = nil
        }
        return Curve(times: days.map(\.time), equity: days.map(\.equity), metrics: Metrics(values))
    }
}
