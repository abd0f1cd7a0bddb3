import Engine
import Foundation

/// One contestant of a variant test.
public struct Variant: Sendable {
    /// Its name, unique in the study.
    public let name: String
    /// The resolved config: run.yaml with the variant's overrides.
    public let config: AppConfig
    /// The overrides as written, for the report ("differences from the baseline").
    public let overrides: [(path: String, value: String)]
}

/// The head-to-head of the VariantTestService (variant.yaml), validated.
public struct VariantSpec: Sendable {
    /// The contestants in file order.
    public let variants: [Variant]
    /// Index of the baseline in `variants`.
    public let baseline: Int
    /// Metrics to compare, in order.
    public let metrics: [MetricID]

    /// The metrics compared when variant.yaml names none.
    public static let defaultMetrics: [MetricID] = [.sharpeRatio, .totalReturn, .maxDrawdown, .winRate, .profitFactor, .totalTrades]
}
