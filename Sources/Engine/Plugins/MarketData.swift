import Synchronization

/// Bars plus a memo of indicator columns computed over them, shared read-only by every run on
/// the same data (a grid would otherwise recompute the same SMA hundreds of times).
public final class MarketData: Sendable {
    /// The bars.
    public let bars: BarSeries
    /// Index of the last bar of each UTC day that has bars (the daily returns' sample points).
    public let dayEnds: [Int]
    /// Index of the last bar of each calendar month (UTC) that has bars.
    public let monthEnds: [Int]
    /// 365 when more than 17% of bars fall on a weekend (a 24/7 market), else 252.
    public let autoPeriodsPerYear: Double
    private let memo = Mutex<[String: [Double]]>([:])

    /// Wraps bars, computing once what every run on them needs.
    public init(bars: BarSeries) {
        self.bars = bars
        dayEnds = MetricsCalculator.dayEnds(bars.time)
        monthEnds = MarketData.monthEnds(dayEnds: dayEnds, time: bars.time)
        autoPeriodsPerYear = MetricSettings.autoPeriodsPerYear(for: bars)
    }

    /// The index of the first bar at or after `time` (the bar count when there is none); 0 for nil.
    public func firstIndex(atOrAfter time: Int64?) -> Int {
        guard let time else { return 0 }
        var low = 0
        var high = bars.time.count
        while low < high {
            let middle = (low + high) / 2
            if bars.time[middle] < time { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// `ends` (day or month ends) from bar `first` on, counted from it.
    public static func rebased(_ ends: [Int], from first: Int) -> [Int] {
        first == 0 ? ends : ends.filter { $0 >= first }.map { $0 - first }
    }

    /// The day ends that are also month ends (one calendar conversion per day, not per bar).
    static func monthEnds(dayEnds: [Int], time: [Int64]) -> [Int] {
        var ends: [Int] = []
        var month = -1
        for index in dayEnds {
            let (y, m, _) = UTCDate.civil(days: UTCDate.day(of: time[index]))
            if y * 12 + m == month {
                ends[ends.count - 1] = index
            } else {
                ends.append(index)
                month = y * 12 + m
            }
        }
        return ends
    }

    /// The column stored under `key`, computed once by `compute` (concurrent first requests may
    /// both compute it; the values are identical).
    public func indicator(_ key: String, _ compute: (BarSeries) -> [Double]) -> [Double] {
        if let cached = memo.withLock({ $0[key] }) { return cached }
        let values = compute(bars)
        memo.withLock { $0[key] = values }
        return values
    }

    /// Simple moving average of closes.
    public func smaClose(_ period: Int) -> [Double] {
        indicator("sma:close:\(period)") { Indicators.sma($0.close, period: period) }
    }

    /// Exponential moving average of closes.
    public func emaClose(_ period: Int) -> [Double] {
        indicator("ema:close:\(period)") { Indicators.ema($0.close, period: period) }
    }

    /// Wilder's ATR.
    public func atr(_ period: Int) -> [Double] {
        indicator("atr:\(period)") { Indicators.atr(high: $0.high, low: $0.low, close: $0.close, period: period) }
    }
}
