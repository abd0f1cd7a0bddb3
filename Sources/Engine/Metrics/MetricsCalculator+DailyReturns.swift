extension MetricsCalculator {
    /// The second set's metrics of the daily returns r (empyrical's and quantstats'): alpha and
    /// beta against `benchmark` (buy and hold's daily returns, when known), omega, tail ratio,
    /// value at risk and its conditional form, the ulcer index of the day-end equity and the
    /// probabilistic Sharpe ratio of r - rf/P.
    static func addDailyReturnMetrics(
        to m: inout [MetricID: Double], returns: [Double], benchmark: [Double]?, equity: [Double], dayEnds: [Int], settings: MetricSettings
    ) {
        let riskFree = settings.riskFreeRate / settings.periodsPerYear
        if let benchmark,
            let regression = AlphaBeta(
                returns: returns, benchmark: benchmark, riskFree: riskFree, periodsPerYear: settings.periodsPerYear)
        {
            m[.alpha] = regression.alpha
            m[.beta] = regression.beta
        }
        if returns.count >= 2 {
            var gains = KahanSum()
            var losses = KahanSum()
            for r in returns {
                let excess = r - riskFree
                if excess > 0 { gains.add(excess) } else if excess < 0 { losses.add(-excess) }
            }
            if losses.sum > 0 { m[.omegaRatio] = gains.sum / losses.sum }
            m[.ulcerIndex] = ulcerIndex(equity: equity, dayEnds: dayEnds)
        }
        if let tails = ReturnTails(returns) {
            m[.valueAtRisk] = tails.valueAtRisk
            m[.conditionalValueAtRisk] = tails.conditionalValueAtRisk
            m[.tailRatio] = tails.tailRatio
        }
        let excess = riskFree == 0 ? returns : returns.map { $0 - riskFree }
        if let moments = ReturnMoments(excess) {
            m[.probabilisticSharpeRatio] = SharpeStatistics.probabilisticSharpe(moments, benchmark: 0)
        }
    }

    /// quantstats' `ulcer_index`: sqrt(sum of squared drawdowns / (n - 1)) over the n days after
    /// the first, each day's drawdown the day-end equity over the highest day-end equity so far,
    /// less 1. `dayEnds` has at least 3 entries (2 returns).
    static func ulcerIndex(equity: [Double], dayEnds: [Int]) -> Double {
        var peak = equity[dayEnds[0]]
        var squares = KahanSum()
        for end in dayEnds.dropFirst() {
            let value = equity[end]
            peak = max(peak, value)
            let drawdown = value / peak - 1
            squares.add(drawdown * drawdown)
        }
        return (squares.sum / Double(dayEnds.count - 2)).squareRoot()
    }
}
