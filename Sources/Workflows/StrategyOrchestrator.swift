import Engine
import Study

/// Runs one configuration from start to end: builds the plugins over the data, runs the bar loop
/// and computes the metrics. Grids and variants call it many times, on shared data.
public enum StrategyOrchestrator {
    /// Loads the config's data and runs it.
    public static func run(_ config: AppConfig) throws -> BacktestResult {
        try run(config, data: LoadedData(config.data))
    }

    /// Runs `config` on already loaded data (which must be the data its data section names);
    /// `configHash` is the config's hash when the caller already computed it.
    public static func run(_ config: AppConfig, data: LoadedData, configHash: String? = nil) throws -> BacktestResult {
        let bars = data.market.bars
        // Bars before data.trade_start only feed the indicators: nothing trades or counts there.
        let first = data.market.firstIndex(atOrAfter: config.data.tradeStart)
        guard bars.count - first >= 2 else {
            throw Diagnostic(
                file: data.shown,
                message: "only \(bars.count - first) bar\(bars.count - first == 1 ? "" : "s") between data.trade_start and data.end",
                hint: "move data.trade_start earlier or data.end later")
        }
        let time = first == 0 ? bars.time : Array(bars.time[first...])
        let close = first == 0 ? bars.close : Array(bars.close[first...])
        let strategy = try Strategy(config.strategy, data: data.market)
        let outcome = Backtester.run(bars: bars, strategy: strategy, settings: config.platform, from: first)
        let periods = config.metrics.periodsPerYear ?? data.market.autoPeriodsPerYear
        let dayEnds = MarketData.rebased(data.market.dayEnds, from: first)
        let metrics = MetricsCalculator.compute(
            trades: outcome.trades, equity: outcome.equity, time: time,
            settings: MetricSettings(
                periodsPerYear: periods, riskFreeRate: config.metrics.riskFreeRate,
                initialCapital: config.platform.initialCapital),
            dayEnds: dayEnds, close: bars.close[first...])
        var warnings: [String] = []
        if outcome.skippedEntries > 0, let skipped = outcome.firstSkippedBar {
            let why = config.platform.wholeUnits ? "not even one whole unit was affordable" : "the size planner asked for zero units"
            warnings.append(
                "\(outcome.skippedEntries) entr\(outcome.skippedEntries == 1 ? "y was" : "ies were") skipped because \(why) (first at \(UTCDate.iso8601(time[skipped])))"
            )
        }
        return BacktestResult(
            config: config, configHash: configHash ?? ConfigHash.of(config, dataFingerprint: data.fingerprint),
            metrics: metrics, trades: outcome.trades, time: time, equity: outcome.equity, close: close,
            periodsPerYear: periods, warnings: warnings, monthEnds: MarketData.rebased(data.market.monthEnds, from: first),
            dayEnds: dayEnds)
    }
}
