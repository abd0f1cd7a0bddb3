import Engine

/// What a study optimises: a metric and whether larger or smaller is better.
public struct Objective: Sendable, Hashable {
    /// The metric.
    public var metric: MetricID
    /// True to maximise.
    public var maximize: Bool

    /// Whether `a` is better than `b`.
    public func isBetter(_ a: Double, than b: Double) -> Bool { maximize ? a > b : a < b }
}

/// One dimension of a grid.
public struct GridParameter: Sendable {
    /// Where it goes in the config.
    public let path: ConfigPath
    /// Its values, in order.
    public let values: [ConfigValue]
    /// Where it is written in optimization.yaml.
    public let location: SourceLocation

    /// The name shown in tables: the last path segment, or the whole path when that is ambiguous.
    public var name: String

    /// Each value's position in `values` (the first, for a value listed twice): a grid point's
    /// coordinate along this parameter.
    public var positions: [ConfigValue: Int] {
        Dictionary(values.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A constraint with its source text.
public struct Constraint: Sendable {
    /// As written.
    public let text: String
    /// Parsed.
    public let expression: Expression
    /// For a `require` over several markets: whether it must hold on every market
    /// (`{all_markets: "..."}`) rather than on the aggregate.
    public var allMarkets = false

    /// A constraint.
    public init(text: String, expression: Expression, allMarkets: Bool = false) {
        self.text = text
        self.expression = expression
        self.allMarkets = allMarkets
    }
}

/// How a grid over several markets combines a configuration's metric values (DESIGN section 9).
public enum MarketAggregate: String, Sendable, CaseIterable {
    /// Their mean.
    case mean
    /// Their median (the mean of the middle two for an even count).
    case median
    /// The worst market: the lowest value of a metric where higher is better, the highest where
    /// lower is better (`max_drawdown`).
    case min

    /// The aggregate of `values` (one per market) for a metric where `higherIsBetter`.
    public func combine(_ values: [Double], higherIsBetter: Bool) -> Double? {
        guard !values.isEmpty else { return nil }
        switch self {
        case .mean: return values.reduce(0, +) / Double(values.count)
        case .median:
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        case .min: return higherIsBetter ? values.min() : values.max()
        }
    }
}

/// The research plan of the OptimizationService (optimization.yaml), validated against run.yaml.
public struct OptimizationSpec: Sendable {
    /// The metric to optimise.
    public let objective: Objective
    /// The grid's dimensions in file order (the last one varies fastest).
    public let parameters: [GridParameter]
    /// Constraints on parameters; names are parameter indices.
    public let constraints: [Constraint]
    /// Constraints on results; names are metrics (slot = MetricID index) then parameters (slot = metric count + index).
    public let requirements: [Constraint]
    /// Indices of the heatmap's x and y parameters, when the grid has two numeric ones.
    public let heatmap: (x: Int, y: Int)?
    /// The largest grid allowed.
    public let maxRuns: Int
    /// S, the number of blocks CSCV cuts the daily returns into for PBO (`overfitting.blocks`).
    public let blocks: Int
    /// How the objective and `require` combine the markets' values (`aggregate`).
    public let aggregate: MarketAggregate
    /// How many of the best runs get a detail page (`site.detail_runs`).
    public var detailRuns: Int = OptimizationSpec.defaultDetailRuns

    /// Detail pages by default.
    public static let defaultDetailRuns = 20

    /// The paper's choice of S.
    public static let defaultBlocks = 16
}
