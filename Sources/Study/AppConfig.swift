import Engine
import Foundation

/// One strategy configuration, the resolved form of a run.yaml: every default filled in,
/// every value checked.
public struct AppConfig: Sendable, Hashable {
    /// Free text shown in reports; not part of the hash.
    public var name: String?
    /// Free text; not part of the hash.
    public var description: String?
    /// Where the bars come from.
    public var data: DataConfig
    /// How orders fill and what they cost.
    public var platform: ExecutionSettings
    /// `platform.currency`: the unit of money on equity axes (EUR, USD); display only, not part of
    /// the hash.
    public var currency: String?
    /// The plugins.
    public var strategy: StrategySpec
    /// How metrics are annualised.
    public var metrics: MetricsConfig

    /// Creates a config.
    public init(
        name: String? = nil, description: String? = nil, data: DataConfig, platform: ExecutionSettings = .init(),
        currency: String? = nil, strategy: StrategySpec, metrics: MetricsConfig = .init()
    ) {
        self.currency = currency
        self.name = name
        self.description = description
        self.data = data
        self.platform = platform
        self.strategy = strategy
        self.metrics = metrics
    }
}

/// The data section of a run.yaml.
public struct DataConfig: Sendable, Hashable {
    /// The source of the bars.
    public enum Source: Sendable, Hashable {
        /// A CSV file: its absolute path and the path as the user wrote it (for messages).
        case file(path: String, displayPath: String)
        /// Seeded synthetic bars.
        case synthetic(SyntheticSource)
    }

    /// The source.
    public var source: Source
    /// First bar time kept, inclusive (UTC epoch ms).
    public var start: Int64?
    /// Last bar time kept, inclusive (a bare date covers the whole day).
    public var end: Int64?
    /// First bar whose close may signal (UTC epoch ms); the bars before it only warm up
    /// indicators, and equity, trades and metrics start there. nil: from the first bar.
    public var tradeStart: Int64?

    /// Creates a data section.
    public init(source: Source, start: Int64? = nil, end: Int64? = nil, tradeStart: Int64? = nil) {
        self.source = source
        self.start = start
        self.end = end
        self.tradeStart = tradeStart
    }

    /// The section without its trading range: what is loaded, the same for every run that reads
    /// these bars whatever its `trade_start`.
    public var loaded: DataConfig {
        var bars = self
        bars.tradeStart = nil
        return bars
    }
}

/// The metrics section of a run.yaml.
public struct MetricsConfig: Sendable, Hashable {
    /// Periods per year of the daily returns; nil for `auto` (365 for 24/7 data, else 252).
    public var periodsPerYear: Double?
    /// Annual risk-free rate.
    public var riskFreeRate: Double

    /// Creates a metrics section.
    public init(periodsPerYear: Double? = nil, riskFreeRate: Double = 0) {
        self.periodsPerYear = periodsPerYear
        self.riskFreeRate = riskFreeRate
    }
}
