import Engine
import Testing

@testable import Workflows

/// The equal-weight portfolio of markets' daily returns (DESIGN section 9), worked out by hand.
@Suite struct EqualWeightTests {
    static let day: Int64 = 86_400_000

    /// A stored run whose day-end equity is `equity` at the end of `days` (UTC day numbers), after
    /// the initial capital 100 at the first day's start.
    static func market(days: [Int64], equity: [Double], periodsPerYear: Double = 252) -> StoredResult {
        StoredResult(
            metrics: Metrics([:]), trades: [], equityTime: [], equity: [], bars: days.count, periodsPerYear: periodsPerYear,
            warnings: [], monthEnds: [],
            dayEquity: [(days[0] * day, 100)] + zip(days, equity).map { ($0 * day + day - 60_000, $1) })
    }

    @Test func marketsOnOneCalendarAverageTheirReturnsDayByDay() throws {
        // A: 100 -> 110 -> 99 (+10 %, -10 %); B: 100 -> 100 -> 102 (0 %, +2 %). The first day end's
        // return from the initial capital is not a daily return (as in each run's own statistics).
        let a = Self.market(days: [0, 1, 2], equity: [100, 110, 99])
        let b = Self.market(days: [0, 1, 2], equity: [100, 100, 102])
        let portfolio = try #require(EqualWeight([a, b], riskFreeRate: 0))
        #expect(portfolio.days == [1, 2])
        #expect(portfolio.returns.count == 2)
        #expect(abs(portfolio.returns[0] - 0.05) < 1e-15 && abs(portfolio.returns[1] - (-0.1 + 0.02) / 2) < 1e-15)
        #expect(zip(portfolio.equity(from: 1000), [1050, 1050 * 0.96]).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func aMarketWithoutADayEndThatDayCountsZero() throws {
        // A trades every day 0...4 (+1 % a day); B only days 0, 1, 3 and 4 (closed on day 2):
        // its return 100 -> 104 between day 1 and day 3 is day 3's.
        let a = Self.market(days: [0, 1, 2, 3, 4], equity: [100, 101, 102.01, 103.0301, 104.060401], periodsPerYear: 365)
        let b = Self.market(days: [0, 1, 3, 4], equity: [100, 100, 104, 104])
        let portfolio = try #require(EqualWeight([b, a], riskFreeRate: 0.0365))
        #expect(portfolio.days == [1, 2, 3, 4])
        let expected = [0.01 / 2, 0.01 / 2, (0.01 + 0.04) / 2, 0.01 / 2]
        #expect(zip(portfolio.returns, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(portfolio.returns)")
        // The largest periods per year (365) sets the risk-free rate per day: 0.0365 / 365.
        #expect(portfolio.periodsPerYear == 365)
        #expect(zip(portfolio.excessReturns, expected).allSatisfy { abs($0 - ($1 - 0.0001)) < 1e-12 })
        #expect(EqualWeight.union([[1, 3, 5], [2, 3, 6], [], [0, 7]]) == [0, 1, 2, 3, 5, 6, 7])
    }

    @Test func aMarketWithoutDayEquityHasNoPortfolio() {
        var b = Self.market(days: [0, 1, 2], equity: [100, 100, 102])
        b.dayEquity = nil
        #expect(EqualWeight([Self.market(days: [0, 1, 2], equity: [100, 110, 99]), b], riskFreeRate: 0) == nil)
    }
}
