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
        .init(
            id: .buyAndHoldReturn, title: "Buy & hold return [%]", unit: .fraction, direction: .higher,
            formula: "(C_end - C_0) / C_0, from the run's first bar to its last"),
        .init(
            id: .equityPeak, title: "Equity peak [money]", unit: .money, direction: .higher,
            formula: "max over bars of E_t"),
        .init(
            id: .avgDrawdown, title: "Avg. drawdown [%]", unit: .fraction, direction: .lower,
            formula: "mean over drawdowns of their deepest 1 - E_t / peak"),
        .init(
            id: .avgDrawdownDuration, title: "Avg. drawdown duration [bars]", unit: .bars, direction: .lower,
            formula: "mean over drawdowns of (recovery bar, or the last bar) - peak bar"),
        .init(
            id: .maxTradeDuration, title: "Max. trade duration [bars]", unit: .bars, direction: .lower,
            formula: "max(exit bar - entry bar)"),
        .init(
            id: .kellyCriterion, title: "Kelly criterion [%]", unit: .fraction, direction: .higher,
            formula: "w - (1 - w) / (mean winning pnl / -mean losing pnl), w = win_rate"),
        .init(
            id: .alpha, title: "Alpha (ann.) [%]", unit: .fraction, direction: .higher,
            formula: "(1 + mean(r - rf/P - beta * (b - rf/P)))^P - 1"),
        .init(
            id: .beta, title: "Beta", unit: .ratio, direction: .lower,
            formula: "mean((b - mean(b)) * r) / mean((b - mean(b))^2)"),
        .init(
            id: .omegaRatio, title: "Omega ratio", unit: .ratio, direction: .higher,
            formula: "sum(max(r - rf/P, 0)) / -sum(min(r - rf/P, 0))"),
        .init(
            id: .tailRatio, title: "Tail ratio", unit: .ratio, direction: .higher,
            formula: "abs(percentile(r, 95)) / abs(percentile(r, 5))"),
        .init(
            id: .valueAtRisk, title: "Daily value at risk (95%) [%]", unit: .fraction, direction: .higher,
            formula: "percentile(r, 5): a loss is negative"),
        .init(
            id: .conditionalValueAtRisk, title: "Daily conditional VaR (95%) [%]", unit: .fraction, direction: .higher,
            formula: "mean of the k + 1 lowest r, k = floor((n - 1) * 0.05): a loss is negative"),
        .init(
            id: .ulcerIndex, title: "Ulcer index [%]", unit: .fraction, direction: .lower,
            formula: "sqrt(sum over d = 1..n of (D_d / max(D_0..D_d) - 1)^2 / (n - 1))"),
        .init(
            id: .probabilisticSharpeRatio, title: "Probabilistic Sharpe ratio [%]", unit: .fraction, direction: .higher,
            formula: "Phi(SR * sqrt(n - 1) / sqrt(1 - g3 * SR + (g4 - 1) / 4 * SR^2))"),
    ]

    /// The definition of an id.
    public static func definition(_ id: MetricID) -> MetricDefinition {
        all.first { $0.id == id }!
    }
}
