import Foundation

/// Metric values by id; an absent value means the metric is undefined for the run (no trades,
/// zero variance, no losses) and is shown as `null` / "n/a", never NaN or infinity.
public struct Metrics: Sendable, Equatable {
    /// Defined values.
    public var values: [MetricID: Double]

    /// Wraps values, dropping any that are not finite.
    public init(_ values: [MetricID: Double]) { self.values = values.filter { $0.value.isFinite } }

    /// The value of a metric, nil when undefined.
    public subscript(_ id: MetricID) -> Double? { values[id] }
}

/// What metrics need besides trades and equity.
public struct MetricSettings: Sendable, Hashable {
    /// Periods per year of the daily returns, P (252 or 365 when resolved from `auto`).
    public var periodsPerYear: Double
    /// Annual risk-free rate.
    public var riskFreeRate: Double
    /// Starting equity, E_0.
    public var initialCapital: Double

    /// Creates settings.
    public init(periodsPerYear: Double, riskFreeRate: Double = 0, initialCapital: Double) {
        self.periodsPerYear = periodsPerYear
        self.riskFreeRate = riskFreeRate
        self.initialCapital = initialCapital
    }

    /// 365 for data that trades on weekends (more than 17% of bars on Saturday or Sunday), else 252.
    public static func autoPeriodsPerYear(for bars: BarSeries) -> Double { bars.tradesOnWeekends ? 365 : 252 }
}
