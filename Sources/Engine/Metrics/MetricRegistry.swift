/// Every metric with its title, unit, direction and formula: the one list that reports, docs and
/// validation of `objective:` read.
public enum MetricRegistry {
    /// All metrics in display order.
    public static let all: [MetricDefinition] = [
        .init(
            id: .totalReturn, title: "Total return [%]", unit: .fraction, direction: .higher,
            formula: "E_end / E_0 - 1"),
        .init(
            id: .cagr, title: "CAGR [%]", unit: .fraction, direction: .higher,
            formula: "(E_end / E_0)^(1 / years) - 1, years = (last bar time - first bar time) in days / 365.25"),
        .init(
            id: .volatility, title: "Volatility (ann.) [%]", unit: .fraction, direction: .lower,
            formula: "std(r, ddof 1) * sqrt(P)"),
        .init(
            id: .sharpeRatio, title: "Sharpe ratio", unit: .ratio, direction: .higher,
            formula: "mean(r - rf/P) / std(r - rf/P, ddof 1) * sqrt(P)"),
        .init(
            id: .sortinoRatio, title: "Sortino ratio", unit: .ratio, direction: .higher,
            formula: "mean(r) * P / (sqrt(mean(min(r, 0)^2)) * sqrt(P))"),
        .init(
            id: .calmarRatio, title: "Calmar ratio", unit: .ratio, direction: .higher,
            formula: "cagr / max_drawdown"),
        .init(
            id: .maxDrawdown, title: "Max. drawdown [%]", unit: .fraction, direction: .lower,
            formula: "max over bars of 1 - E_t / max(E_0..E_t)"),
        .init(
            id: .maxDrawdownDuration, title: "Max. drawdown duration [bars]", unit: .bars, direction: .lower,
            formula: "longest run of consecutive bars with E_t below the running peak"),
        .init(
            id: .profitFactor, title: "Profit factor", unit: .ratio, direction: .higher,
            formula: "sum of positive trade pnl / -(sum of negative trade pnl)"),
        .init(
            id: .winRate, title: "Win rate [%]", unit: .fraction, direction: .higher,
            formula: "trades with pnl > 0 / trades"),
        .init(
            id: .totalTrades, title: "Trades", unit: .count, direction: .higher,
            formula: "number of closed trades, the final `end` close-out included"),
        .init(
            id: .expectancy, title: "Expectancy [money]", unit: .money, direction: .higher,
            formula: "mean(trade pnl)"),
        .init(
            id: .avgTradeReturn, title: "Avg. trade return [%]", unit: .fraction, direction: .higher,
            formula: "mean(trade return), return = (exit/entry - 1) - fees / (size * entry)"),
        .init(
            id: .bestTrade, title: "Best trade [%]", unit: .fraction, direction: .higher,
            formula: "max(trade return)"),
        .init(
            id: .worstTrade, title: "Worst trade [%]", unit: .fraction, direction: .higher,
            formula: "min(trade return)"),
        .init(
            id: .avgTradeDuration, title: "Avg. trade duration [bars]", unit: .bars, direction: .lower,
            formula: "mean(exit bar - entry bar)"),
        .init(
            id: .exposure, title: "Exposure [%]", unit: .fraction, direction: .lower,
            formula: "bars from some trade's entry bar to its exit bar (inclusive) / bars"),
        .init(
            id: .sqn, title: "SQN", unit: .ratio, direction: .higher,
            formula: "sqrt(n) * mean(trade pnl) / std(trade pnl, ddof 1)"),
        .init(
            id: .finalEquity, title: "Final equity [money]", unit: .money, direction: .higher,
            formula: "E_end, after the final close-out's fee"),
    ]

    /// The definition of an id.
    public static func definition(_ id: MetricID) -> MetricDefinition {
        all.first { $0.id == id }!
    }
}
