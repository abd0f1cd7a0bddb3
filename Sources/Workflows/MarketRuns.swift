import Engine
import Runner
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
        // Each configuration's portfolio reads its markets' entries: shared out over the cores.
        aggregates = ParallelRunService.map(count: runs.count) { c in
            let runs = runs[c]
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
