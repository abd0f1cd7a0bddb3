import Engine
import Study

/// Everything one backtest produced: the resolved config and its hash, the metrics, the trades
/// and the equity curve, plus warnings for the report.
public struct BacktestResult: Sendable {
    /// The resolved configuration.
    public let config: AppConfig
    /// SHA-256 of the canonical config, data fingerprint and engine version.
    public let configHash: String
    /// Metric values (undefined ones absent).
    public let metrics: Metrics
    /// Closed trades.
    public let trades: [Trade]
    /// Bar times (UTC epoch ms) of the equity curve.
    public let time: [Int64]
    /// Equity at each bar's close.
    public let equity: [Double]
    /// Each bar's close (for buy and hold of the same bars).
    public let close: [Double]
    /// The periods per year used for annualisation (resolved from `auto`).
    public let periodsPerYear: Double
    /// Things a reader of the report should know, e.g. skipped entries.
    public let warnings: [String]
    /// Index of the last bar of each calendar month (shared with every run on the same data).
    public let monthEnds: [Int]
    /// Index of the last bar of each UTC day (the daily returns' sample points).
    public let dayEnds: [Int]
}
