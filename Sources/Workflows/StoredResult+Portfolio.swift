import Engine
import Study

extension StoredResult {
    /// A configuration over several markets as one result, for its page and charts: the
    /// equal-weight portfolio of the markets' runs (`EqualWeight`) from the initial capital, at
    /// each day's end, with every market's trades (by entry time), and `metrics` (the markets'
    /// aggregate, as the grid ranks them); nil when a market's run lacks its day-end equity.
    public init?(portfolio markets: [StoredResult], metrics: Metrics, warnings: [String], config: AppConfig) {
        let riskFreeRate = config.metrics.riskFreeRate
        guard let weights = EqualWeight(markets, riskFreeRate: riskFreeRate),
            let start = markets.compactMap({ $0.dayEquity?.first?.time }).min()
        else { return nil }
        let capital = config.platform.initialCapital
        let days: [(time: Int64, equity: Double)] =
            [(start, capital)] + zip(weights.days, weights.equity(from: capital)).map { ($0 * UTCDate.millisPerDay, $1) }
        var months: [(time: Int64, equity: Double)] = [(start, capital)]
        var month = -1
        for day in days.dropFirst() {
            let (y, m, _) = UTCDate.civil(days: UTCDate.day(of: day.time))
            if y * 12 + m == month { months[months.count - 1] = day } else { months.append(day) }
            month = y * 12 + m
        }
        // The chart's resolution, as for a run: the first point, then the last of equal stretches.
        let kept =
            days.count <= Self.equityPoints
            ? Array(days.indices) : [0] + (1..<Self.equityPoints).map { ($0 * (days.count - 1)) / (Self.equityPoints - 1) }
        self.init(
            metrics: metrics, trades: markets.flatMap(\.trades).sorted { $0.entryTime < $1.entryTime },
            equityTime: kept.map { days[$0].time }, equity: kept.map { days[$0].equity }, bars: days.count - 1,
            periodsPerYear: weights.periodsPerYear, warnings: warnings, monthEnds: months, dayEquity: days)
    }
}
