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
        let strategy = try Strategy(config.strategy, data: data.market)
        let outcome = Backtester.run(bars: bars, strategy: strategy, settings: config.platform)
        let periods = config.metrics.periodsPerYear ?? data.market.autoPeriodsPerYear
        let metrics = MetricsCalculator.compute(
            trades: outcome.trades, equity: outcome.equity, time: bars.time,
            settings: MetricSettings(
                periodsPerYear: periods, riskFreeRate: config.metrics.riskFreeRate,
                initialCapital: config.platform.initialCapital),
            dayEnds: data.market.dayEnds)
        var warnings: [String] = []
        if outcome.skippedEntries > 0, let first = outcome.firstSkippedBar {
            let why = config.platform.wholeUnits ? "not even one whole unit was affordable" : "the size planner asked for zero units"
            warnings.append(
                "\(outcome.skippedEntries) entr\(outcome.skippedEntries == 1 ? "y was" : "ies were") skipped because \(why) (first at \(UTCDate.iso8601(bars.time[first])))"
            )
        }
        return BacktestResult(
            config: config, configHash: configHash ?? ConfigHash.of(config, dataFingerprint: data.fingerprint),
            metrics: metrics, trades: outcome.trades, time: bars.time, equity: outcome.equity,
            periodsPerYear: periods, warnings: warnings, monthEnds: data.market.monthEnds)
    }
}
