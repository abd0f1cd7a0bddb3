import Engine
import Study

/// A study's runs over several markets (DESIGN section 9), per configuration: each market's run,
/// and the configuration's aggregate over them, which ranks it. The aggregate's metrics combine
/// the markets' values (`aggregate` of optimization.yaml: median by default); its statistics (for
/// DSR and PBO) are those of the equal-weight portfolio of the markets' daily returns.
public struct MarketRuns: Sendable {
    /// The markets, in run.yaml's order.
    public let markets: [Market]
    /// `runs[c][m]`: configuration c on market m.
    public let runs: [[StudyResults.Run]]
    /// Each configuration over all markets: failed when a market's run failed, else the aggregate.
    public let aggregates: [RunOutcome]
    /// How the markets' values are combined.
    public let aggregate: MarketAggregate

    /// Groups `runs` (all of a study's runs, configuration by configuration) by configuration and
    /// aggregates them; a grid configuration's statistics are made from the markets' day-end
    /// equity read from `store`, with block sums for `blocks`.
    init(study: StudyDefinition, runs all: [StudyResults.Run], store: any ResultStore) {
        let markets = study.markets
        let count = markets.count
        self.markets = markets
        aggregate = study.optimization?.aggregate ?? .median
        let runs = (0..<study.configurationCount).map { c in Array(all[c * count..<(c + 1) * count]) }
        self.runs = runs
        let blocks = study.optimization?.blocks
        aggregates = runs.enumerated().map { c, runs in
            if let failed = runs.enumerated().first(where: { $0.element.outcome.error != nil }) {
                return .failed("\(markets[failed.offset].name): \(failed.element.outcome.error!)")
            }
            let metrics = Self.combine(runs.map { $0.outcome.metrics! }, aggregate: study.optimization?.aggregate ?? .median)
            let warnings = zip(markets, runs).flatMap { market, run in run.outcome.warnings.map { "\(market.name): \($0)" } }
            var statistics = RunStatistics()
            if c < study.gridPoints.count, let blocks {
                let days = runs.compactMap { store.storedResult($0.hash, part: .dayEquity) }
                if days.count == runs.count, let returns = EqualWeight(days, riskFreeRate: study.base.metrics.riskFreeRate)?.excessReturns {
                    statistics = RunStatistics(returns: returns, blockCounts: [blocks])
                }
            }
            return .finished(metrics, warnings: warnings, statistics: statistics)
        }
    }

    /// Each metric combined over markets by `aggregate` (by the metric's direction for `min`);
    /// undefined when a market lacks it.
    static func combine(_ markets: [Metrics], aggregate: MarketAggregate) -> Metrics {
        var values: [MetricID: Double] = [:]
        for id in MetricID.allCases {
            let found = markets.compactMap { $0[id] }
            guard found.count == markets.count else { continue }
            values[id] = aggregate.combine(found, higherIsBetter: MetricRegistry.definition(id).direction == .higher)
        }
        return Metrics(values)
    }
}

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
    init?(_ markets: [StoredResult], riskFreeRate: Double) {
        var sums: [Int64: Double] = [:]
        for market in markets {
            guard let equity = market.dayEquity else { return nil }
            // The returns between consecutive day ends, as each run's own daily returns.
            for i in 2..<max(2, equity.count) {
                sums[UTCDate.day(of: equity[i].time), default: 0] += equity[i].equity / equity[i - 1].equity - 1
            }
        }
        days = sums.keys.sorted()
        returns = days.map { sums[$0]! / Double(markets.count) }
        periodsPerYear = markets.map(\.periodsPerYear).max() ?? 252
        self.riskFreeRate = riskFreeRate
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
