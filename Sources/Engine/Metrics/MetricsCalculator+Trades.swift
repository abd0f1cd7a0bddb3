extension MetricsCalculator {
    /// The metrics of the closed trades (the final `end` close-out included).
    static func addTradeMetrics(to m: inout [MetricID: Double], trades: [Trade]) {
        m[.totalTrades] = Double(trades.count)
        guard !trades.isEmpty else { return }
        let pnl = trades.map(\.pnl)
        let returnsPerTrade = trades.map(\.returnFraction)
        let wins = pnl.filter { $0 > 0 }
        let losses = pnl.filter { $0 < 0 }
        let profit = wins.reduce(0, +)
        let loss = -losses.reduce(0, +)
        if loss > 0 { m[.profitFactor] = profit / loss }
        let winRate = Double(wins.count) / Double(trades.count)
        m[.winRate] = winRate
        m[.expectancy] = Statistics.mean(pnl)
        m[.avgTradeReturn] = Statistics.mean(returnsPerTrade)
        m[.bestTrade] = returnsPerTrade.max()
        m[.worstTrade] = returnsPerTrade.min()
        let durations = trades.map { $0.exitBar - $0.entryBar }
        m[.avgTradeDuration] = Statistics.mean(durations.map(Double.init))
        m[.maxTradeDuration] = durations.max().map(Double.init)
        if trades.count >= 2 {
            let deviation = Statistics.standardDeviation(pnl)
            if deviation > 0 { m[.sqn] = Double(trades.count).squareRoot() * Statistics.mean(pnl) / deviation }
        }
        // backtesting.py's "Kelly Criterion": win rate less loss rate over the payoff ratio.
        if !wins.isEmpty, !losses.isEmpty {
            let payoff = Statistics.mean(wins) / -Statistics.mean(losses)
            m[.kellyCriterion] = winRate - (1 - winRate) / payoff
        }
    }
}
