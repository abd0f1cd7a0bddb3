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

/// Computes every metric: a pure function of (trades, equity, bar times, settings).
public enum MetricsCalculator {
    /// All metrics of one run; `dayEnds` (from `dayEnds(_:)`) saves finding the days again.
    public static func compute(trades: [Trade], equity: [Double], time: [Int64], settings: MetricSettings, dayEnds: [Int]? = nil) -> Metrics
    {
        var m: [MetricID: Double] = [:]
        let e0 = settings.initialCapital
        let end = equity.last ?? e0
        m[.finalEquity] = end
        m[.totalReturn] = end / e0 - 1
        if let first = time.first, let last = time.last, last > first, end > 0 {
            let years = Double(last - first) / Double(UTCDate.millisPerDay) / 365.25
            m[.cagr] = pow(end / e0, 1 / years) - 1
        }
        let returns = dailyReturns(equity: equity, dayEnds: dayEnds ?? Self.dayEnds(time))
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

        m[.totalTrades] = Double(trades.count)
        if !trades.isEmpty {
            let pnl = trades.map(\.pnl)
            let returnsPerTrade = trades.map(\.returnFraction)
            let profit = pnl.filter { $0 > 0 }.reduce(0, +)
            let loss = -pnl.filter { $0 < 0 }.reduce(0, +)
            if loss > 0 { m[.profitFactor] = profit / loss }
            m[.winRate] = Double(pnl.filter { $0 > 0 }.count) / Double(trades.count)
            m[.expectancy] = Statistics.mean(pnl)
            m[.avgTradeReturn] = Statistics.mean(returnsPerTrade)
            m[.bestTrade] = returnsPerTrade.max()
            m[.worstTrade] = returnsPerTrade.min()
            m[.avgTradeDuration] = Statistics.mean(trades.map { Double($0.exitBar - $0.entryBar) })
            if trades.count >= 2 {
                let deviation = Statistics.standardDeviation(pnl)
                if deviation > 0 { m[.sqn] = Double(trades.count).squareRoot() * Statistics.mean(pnl) / deviation }
            }
        }
        m[.exposure] = exposure(trades: trades, bars: equity.count)
        return Metrics(m)
    }

    /// Simple returns of the equity at the last bar of each UTC calendar day that has bars.
    public static func dailyReturns(equity: [Double], time: [Int64]) -> [Double] {
        dailyReturns(equity: equity, dayEnds: dayEnds(time))
    }

    /// Simple returns between the equity at consecutive day ends (bar indices from `dayEnds(_:)`).
    public static func dailyReturns(equity: [Double], dayEnds: [Int]) -> [Double] {
        let ends = dayEnds.filter { $0 < equity.count }
        guard ends.count >= 2 else { return [] }
        return (1..<ends.count).map { equity[ends[$0]] / equity[ends[$0 - 1]] - 1 }
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

/// Drawdown of an equity curve.
struct Drawdown {
    /// Largest fall from a running peak, as a positive fraction.
    var maximum = 0.0
    /// Longest run of consecutive bars below the running peak.
    var longestDuration = 0

    init(equity: [Double]) {
        // Within one stretch under a peak the deepest point is the lowest value (division by the
        // same positive peak keeps the order, also when rounded), so one division per stretch
        // gives exactly the maximum of 1 - E_t / peak over every bar.
        var peak = -Double.infinity
        var lowest = Double.infinity
        var run = 0
        func close() {
            if peak > 0 && lowest < peak { maximum = max(maximum, 1 - lowest / peak) }
        }
        for value in equity {
            if value >= peak {
                close()
                peak = value
                lowest = .infinity
                run = 0
            } else {
                run += 1
                if run > longestDuration { longestDuration = run }
                if value < lowest { lowest = value }
            }
        }
        close()
    }
}

/// Sample statistics with compensated sums.
enum Statistics {
    static func mean(_ values: [Double]) -> Double {
        var sum = KahanSum()
        for v in values { sum.add(v) }
        return sum.sum / Double(values.count)
    }

    /// Sample standard deviation (ddof 1); 0 for fewer than two values.
    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let m = mean(values)
        var sum = KahanSum()
        for v in values { sum.add((v - m) * (v - m)) }
        return (sum.sum / Double(values.count - 1)).squareRoot()
    }
}
