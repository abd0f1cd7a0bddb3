import Foundation
import Testing

@testable import Engine

@Suite struct MetricsTests {
    static let day = UTCDate.millisPerDay

    static func trade(_ pnl: Double, _ ret: Double, entry: Int, exit: Int) -> Trade {
        Trade(
            entryBar: entry, exitBar: exit, entryTime: 0, exitTime: 0, entryPrice: 1, exitPrice: 1, size: 1, fees: 0,
            pnl: pnl, returnFraction: ret, exitReason: .signal)
    }

    @Test func handComputedMetrics() {
        // Equity over 5 daily bars: 100, 110, 99, 108.9, 121.
        // Daily returns: 0.1, -0.1, 0.1, 0.1111...; max drawdown 1 - 99/110 = 0.1, 1 bar long.
        let equity: [Double] = [100, 110, 99, 108.9, 121]
        let time = (0..<5).map { Int64($0) * Self.day }
        let trades = [
            Self.trade(10, 0.1, entry: 0, exit: 1), Self.trade(-11, -0.1, entry: 1, exit: 2), Self.trade(22, 0.2222, entry: 2, exit: 4),
        ]
        let m = MetricsCalculator.compute(
            trades: trades, equity: equity, time: time, settings: MetricSettings(periodsPerYear: 252, initialCapital: 100))
        #expect(abs(m[.totalReturn]! - 0.21) < 1e-12)
        #expect(abs(m[.maxDrawdown]! - 0.1) < 1e-12)
        #expect(m[.maxDrawdownDuration] == 2)  // bars 2 and 3 are below the peak of 110
        let r = [0.1, -0.1, 0.1, 121 / 108.9 - 1]
        let mean = r.reduce(0, +) / 4
        let sd = (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(m[.sharpeRatio]! - mean / sd * 252.0.squareRoot()) < 1e-12)
        #expect(abs(m[.volatility]! - sd * 252.0.squareRoot()) < 1e-12)
        // Downside: sqrt(mean([0, 0.01, 0, 0])) = 0.05.
        #expect(abs(m[.sortinoRatio]! - mean * 252 / (0.05 * 252.0.squareRoot())) < 1e-12)
        #expect(abs(m[.profitFactor]! - 32.0 / 11) < 1e-12)
        #expect(abs(m[.winRate]! - 2.0 / 3) < 1e-12)
        #expect(m[.totalTrades] == 3)
        #expect(abs(m[.expectancy]! - 7) < 1e-12)
        #expect(m[.bestTrade] == 0.2222 && m[.worstTrade] == -0.1)
        #expect(abs(m[.avgTradeDuration]! - 4.0 / 3) < 1e-12)
        #expect(m[.exposure] == 1)
        // SQN: pnl 10, -11, 22: mean 7, sd sqrt(((3)^2 + 18^2 + 15^2) / 2) = sqrt(279).
        #expect(abs(m[.sqn]! - 3.0.squareRoot() * 7 / 279.0.squareRoot()) < 1e-12)
        // 4 days elapsed: years = 4 / 365.25.
        let cagr = pow(1.21, 365.25 / 4) - 1
        #expect(abs(m[.cagr]! / cagr - 1) < 1e-12)
        #expect(abs(m[.calmarRatio]! / (cagr / 0.1) - 1) < 1e-12)
        #expect(m[.finalEquity] == 121)
    }

    @Test func undefinedMetricsAreAbsentNotNaN() {
        let equity: [Double] = [100, 100, 100]
        let time = (0..<3).map { Int64($0) * Self.day }
        let m = MetricsCalculator.compute(
            trades: [], equity: equity, time: time, settings: MetricSettings(periodsPerYear: 252, initialCapital: 100))
        for id in [
            MetricID.sharpeRatio, .sortinoRatio, .calmarRatio, .profitFactor, .winRate, .expectancy, .sqn, .bestTrade, .avgTradeDuration,
        ] {
            #expect(m[id] == nil, "\(id)")
        }
        #expect(m[.totalTrades] == 0 && m[.maxDrawdown] == 0 && m[.totalReturn] == 0 && m[.exposure] == 0)
        // Only winners: no loss, so no profit factor.
        let winners = MetricsCalculator.compute(
            trades: [Self.trade(5, 0.05, entry: 0, exit: 1)], equity: equity, time: time,
            settings: MetricSettings(periodsPerYear: 252, initialCapital: 100))
        #expect(winners[.profitFactor] == nil && winners[.winRate] == 1 && winners[.sqn] == nil)
    }

    @Test func dailyReturnsUseTheLastBarOfEachUTCDay() {
        let hour: Int64 = 3_600_000
        let time: [Int64] = [0, hour, 23 * hour, Self.day, Self.day + hour, 3 * Self.day]
        let r = MetricsCalculator.dailyReturns(equity: [1, 2, 4, 5, 6, 3], time: time)
        let expected: [Double] = [0.5, -0.5]
        #expect(r == expected)
    }
}
