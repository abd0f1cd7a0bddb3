import Engine

/// The equal-weight portfolio of several markets' runs, rebalanced daily: its return on a UTC day
/// is the mean of the markets' returns that day, a market without a day end that day (closed, or
/// outside its data) counting 0.
struct EqualWeight {
    /// The days that have a return in some market, ascending (UTC day numbers).
    let days: [Int64]
    /// The portfolio's return on each of them.
    let returns: [Double]
    /// Periods per year: the largest of the markets' (365 when one trades every day).
    let periodsPerYear: Double
    /// The annual risk-free rate.
    let riskFreeRate: Double

    /// The portfolio of `markets` (each stored with its day-end equity); nil when one lacks it.
    ///
    /// Each market's returns are between its consecutive day ends, as its run's own daily returns;
    /// its days are ascending, so the days of all markets are merged, not hashed (markets on one
    /// calendar, the usual case, take the first branch).
    init?(_ markets: [StoredResult], riskFreeRate: Double) {
        var series: [(days: [Int64], returns: [Double])] = []
        series.reserveCapacity(markets.count)
        for market in markets {
            guard let equity = market.dayEquity else { return nil }
            let range = 2..<max(2, equity.count)
            series.append(
                (range.map { UTCDate.day(of: equity[$0].time) }, range.map { equity[$0].equity / equity[$0 - 1].equity - 1 }))
        }
        let first = series.first?.days ?? []
        let days = series.allSatisfy { $0.days == first } ? first : Self.union(series.map(\.days))
        var sums = [Double](repeating: 0, count: days.count)
        for market in series {
            // Both ascending: walk the union alongside the market's days.
            var position = 0
            for (day, r) in zip(market.days, market.returns) {
                while days[position] < day { position += 1 }
                sums[position] += r
            }
        }
        let count = Double(markets.count)
        self.days = days
        returns = sums.map { $0 / count }
        periodsPerYear = markets.map(\.periodsPerYear).max() ?? 252
        self.riskFreeRate = riskFreeRate
    }

    /// The distinct days of ascending `lists`, ascending.
    static func union(_ lists: [[Int64]]) -> [Int64] {
        var result: [Int64] = []
        for list in lists {
            var merged: [Int64] = []
            merged.reserveCapacity(result.count + list.count)
            var i = 0
            var j = 0
            while i < result.count || j < list.count {
                let next = j == list.count || (i < result.count && result[i] <= list[j]) ? result[i] : list[j]
                if merged.last != next { merged.append(next) }
                if i < result.count && result[i] == next { i += 1 }
                if j < list.count && list[j] == next { j += 1 }
            }
            result = merged
        }
        return result
    }

    /// The daily returns less the risk-free rate per period.
    var excessReturns: [Double] {
        let perPeriod = riskFreeRate / periodsPerYear
        return perPeriod == 0 ? returns : returns.map { $0 - perPeriod }
    }

    /// The portfolio's equity from `capital` at each day's end.
    func equity(from capital: Double) -> [Double] {
        var level = capital
        return returns.map { r in
            level *= 1 + r
            return level
        }
    }
}
