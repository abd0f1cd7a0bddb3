/// The stable ids of Backlab's metrics (DESIGN section 4).
public enum MetricID: String, Sendable, CaseIterable, Codable {
    case totalReturn = "total_return"
    case cagr
    case volatility
    case sharpeRatio = "sharpe_ratio"
    case sortinoRatio = "sortino_ratio"
    case calmarRatio = "calmar_ratio"
    case maxDrawdown = "max_drawdown"
    case maxDrawdownDuration = "max_drawdown_duration"
    case profitFactor = "profit_factor"
    case winRate = "win_rate"
    case totalTrades = "total_trades"
    case expectancy
    case avgTradeReturn = "avg_trade_return"
    case bestTrade = "best_trade"
    case worstTrade = "worst_trade"
    case avgTradeDuration = "avg_trade_duration"
    case exposure
    case sqn
    case finalEquity = "final_equity"
    case buyAndHoldReturn = "buy_and_hold_return"
    case equityPeak = "equity_peak"
    case avgDrawdown = "avg_drawdown"
    case avgDrawdownDuration = "avg_drawdown_duration"
    case maxTradeDuration = "max_trade_duration"
    case kellyCriterion = "kelly_criterion"
    case alpha
    case beta
    case omegaRatio = "omega_ratio"
    case tailRatio = "tail_ratio"
    case valueAtRisk = "value_at_risk"
    case conditionalValueAtRisk = "conditional_value_at_risk"
    case ulcerIndex = "ulcer_index"
    case probabilisticSharpeRatio = "probabilistic_sharpe_ratio"
}

/// Which way a metric is better.
public enum MetricDirection: String, Sendable {
    /// Larger values are better.
    case higher
    /// Smaller values are better.
    case lower
}

/// What a metric is: its title with unit, direction, how it is shown and its formula.
public struct MetricDefinition: Sendable {
    /// How a value is best formatted.
    public enum Unit: String, Sendable {
        /// A fraction shown as a percentage.
        case fraction
        /// A plain ratio.
        case ratio
        /// Money in the account currency.
        case money
        /// A count of bars.
        case bars
        /// A count.
        case count
    }

    /// The stable id.
    public let id: MetricID
    /// Title with unit, e.g. `Max. drawdown [%]`.
    public let title: String
    /// How values are formatted.
    public let unit: Unit
    /// Which way is better.
    public let direction: MetricDirection
    /// The formula, as in docs/metrics.md.
    public let formula: String
}
