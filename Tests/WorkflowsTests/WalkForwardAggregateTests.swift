import Engine
import Study
import Testing

@testable import Workflows

/// The markets' walk-forwards held together (DESIGN section 9), on curves worked out by hand.
@Suite struct WalkForwardAggregateTests {
    static func market(_ equity: [Double], exposure: Double, duration: Double?) -> StoredResult {
        var metrics: [MetricID: Double] = [.exposure: exposure]
        metrics[.maxDrawdownDuration] = duration
        return StoredResult(
            metrics: Metrics(metrics), trades: [], equityTime: [], equity: [], bars: equity.count - 1, periodsPerYear: 252,
            warnings: [], monthEnds: [],
            dayEquity: equity.enumerated().map { (Int64($0.offset) * EqualWeightTests.day + ($0.offset == 0 ? 0 : 3_600_000), $0.element) })
    }

    @Test func theCurveIsTheEqualWeightPortfolioOfTheMarketsDayEnds() throws {
        // Day ends 1, 2, 3: A 100 -> 100 -> 120 -> 108 (0, +20 %, -10 %), B 100 -> 100 -> 90 -> 99
        // (0, -10 %, +10 %). The portfolio: +5 %, then 0 %: 10,000 -> 10,500 -> 10,500.
        let a = Self.market([100, 100, 120, 108], exposure: 0.5, duration: 1)
        let b = Self.market([100, 100, 90, 99], exposure: 0.25, duration: 1)
        var config = StitchedEquityTests.config
        config.platform.initialCapital = 10_000
        let curve = try #require(WalkForwardAggregate.curve([a, b], config: config))
        #expect(curve.equity.count == 3 && abs(curve.equity[0] - 10_000) < 1e-9)
        #expect(abs(curve.equity[1] - 10_500) < 1e-9 && abs(curve.equity[2] - 10_500) < 1e-9)
        #expect(abs((curve.metrics[.totalReturn] ?? .nan) - 0.05) < 1e-12)
        #expect(curve.metrics[.exposure] == 0.375)
        #expect(curve.metrics[.maxDrawdownDuration] != nil)
        // A market whose duration is not defined (intraday bars) leaves the portfolio's undefined.
        let intraday = Self.market([100, 100, 90, 99], exposure: 0.25, duration: nil)
        #expect(try #require(WalkForwardAggregate.curve([a, intraday], config: config)).metrics[.maxDrawdownDuration] == nil)
    }
}
