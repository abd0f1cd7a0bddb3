import Foundation

/// Computes every metric: a pure function of (trades, equity, bar times, closes, settings).
public enum MetricsCalculator {
    /// All metrics of one run; `dayEnds` (from `dayEnds(_:)`) saves finding the days again.
    /// `close` holds the closes of the same bars as `equity`, for buy and hold and what is measured
    /// against it (`buy_and_hold_return`, `alpha`, `beta`); without it those are undefined.
    public static func compute(
        trades: [Trade], equity: [Double], time: [Int64], settings: MetricSettings, dayEnds: [Int]? = nil,
        close: ArraySlice<Double>? = nil
    ) -> Metrics {
        var m: [MetricID: Double] = [:]
        let e0 = settings.initialCapital
        let end = equity.last ?? e0
        m[.finalEquity] = end
        m[.totalReturn] = end / e0 - 1
        if let first = time.first, let last = time.last, last > first, end > 0 {
            let years = Double(last - first) / Double(UTCDate.millisPerDay) / 365.25
            m[.cagr] = pow(end / e0, 1 / years) - 1
        }
        let ends = (dayEnds ?? Self.dayEnds(time)).filter { $0 < equity.count }
        let returns = Self.returns(of: equity[...], at: ends)
        let p = settings.periodsPerYear
        if returns.count >= 2 {
            let excess = returns.map { $0 - settings.riskFreeRate / p }
            let deviation = Statistics.standardDeviation(returns)
            m[.volatility] = deviation * p.squareRoot()
            let excessDeviation = Statistics.standardDeviation(excess)
            if excessDeviation > 0 { m[.sharpeRatio] = Statistics.mean(excess) / excessDeviation * p.squareRoot() }
        }
        if !returns.isEmpty {
            let downside = Statistics.mean(returns.map { min($0, 0) * min($0, 0) }).squareRoot() * p.squareRoot()
            if downside > 0 { m[.sortinoRatio] = Statistics.mean(returns) * p / downside }
        }
        let drawdown = Drawdown(equity: equity)
        m[.maxDrawdown] = drawdown.maximum
        m[.maxDrawdownDuration] = Double(drawdown.longestDuration)
        if let cagr = m[.cagr], drawdown.maximum > 0 { m[.calmarRatio] = cagr / drawdown.maximum }
        m[.equityPeak] = drawdown.peak
        m[.avgDrawdown] = drawdown.averageDepth
        m[.avgDrawdownDuration] = drawdown.averageDuration

        var benchmark: [Double]?
        if let close, let first = close.first, let last = close.last {
            precondition(close.count == equity.count, "closes of other bars than the equity's")
            // backtesting.py's "Buy & Hold Return", from the run's first bar.
            if first > 0 { m[.buyAndHoldReturn] = (last - first) / first }
            benchmark = Self.returns(of: close, at: ends)
        }
        addDailyReturnMetrics(to: &m, returns: returns, benchmark: benchmark, equity: equity, dayEnds: ends, settings: settings)
        addTradeMetrics(to: &m, trades: trades)
        m[.exposure] = exposure(trades: trades, bars: equity.count)
        return Metrics(m)
    }

    /// Simple returns of the equity at the last bar of each UTC calendar day that has bars.
    public static func dailyReturns(equity: [Double], time: [Int64]) -> [Double] {
        dailyReturns(equity: equity, dayEnds: dayEnds(time))
    }

    /// Simple returns between the equity at consecutive day ends (bar indices from `dayEnds(_:)`).
    public static func dailyReturns(equity: [Double], dayEnds: [Int]) -> [Double] {
        returns(of: equity[...], at: dayEnds.filter { $0 < equity.count })
    }

    /// Simple returns between `values` at consecutive bar indices `ends` (counted from the slice's start).
    static func returns(of values: ArraySlice<Double>, at ends: [Int]) -> [Double] {
        guard ends.count >= 2 else { return [] }
        let base = values.startIndex
        return (1..<ends.count).map { values[base + ends[$0]] / values[base + ends[$0 - 1]] - 1 }
    }

    /// Index of the last bar of each UTC day that has bars.
    public static func dayEnds(_ time: [Int64]) -> [Int] {
        var ends: [Int] = []
        var nextDayStart = Int64.min  // bars before this time belong to the current day
        for i in time.indices {
            if time[i] >= nextDayStart {
                if i > 0 { ends.append(i - 1) }
                nextDayStart = (UTCDate.day(of: time[i]) + 1) * UTCDate.millisPerDay
            }
        }
        if !time.isEmpty { ends.append(time.count - 1) }
        return ends
    }

    static func exposure(trades: [Trade], bars: Int) -> Double? {
        guard bars > 0 else { return nil }
        // Trades are in order and overlap at most in one bar (an exit and the next entry).
        var heldBars = 0
        var coveredUntil = -1
        for trade in trades {
            let first = max(trade.entryBar, coveredUntil + 1)
            let last = min(trade.exitBar, bars - 1)
            if last >= first { heldBars += last - first + 1 }
            coveredUntil = max(coveredUntil, last)
        }
        return Double(heldBars) / Double(bars)
    }
}
