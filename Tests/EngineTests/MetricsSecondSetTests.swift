import Foundation
import Testing

@testable import Engine

/// DESIGN section 4's second set on tiny daily curves worked out by hand (each bar its own day).
@Suite struct MetricsSecondSetTests {
    static func days(_ count: Int) -> [Int64] { (0..<count).map { Int64($0) * UTCDate.millisPerDay } }

    static func metrics(
        _ equity: [Double], trades: [Trade] = [], close: [Double]? = nil, riskFree: Double = 0, periods: Double = 252
    ) -> Metrics {
        MetricsCalculator.compute(
            trades: trades, equity: equity, time: days(equity.count),
            settings: MetricSettings(periodsPerYear: periods, riskFreeRate: riskFree, initialCapital: equity.first ?? 100),
            close: close?[...])
    }

    /// The equity of `returns` compounded from 100.
    static func equity(_ returns: [Double]) -> [Double] {
        returns.reduce(into: [100.0]) { $0.append($0.last! * (1 + $1)) }
    }

    static func near(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func drawdownsRunFromPeakToRecoveryAndTheLastOneToTheLastBar() {
        // Peak 125 at bar 1, down to 100, back to 125 at bar 4: 3 bars from peak to recovery,
        // 20% deep. Peak 150 at bar 5, down to 105 at bar 7, not recovered: 2 bars, 30% deep.
        let m = Self.metrics([100, 125, 100, 110, 125, 150, 135, 105])
        #expect(m[.equityPeak] == 150)
        #expect(Self.near(m[.avgDrawdown], 0.25))
        #expect(m[.avgDrawdownDuration] == 2.5)
        // The longest run below a peak is 2 bars (bars 2-3 and 6-7): the peak-to-recovery
        // duration counts the recovery bar, as backtesting.py's does.
        #expect(m[.maxDrawdownDuration] == 2 && Self.near(m[.maxDrawdown], 0.3))
    }

    @Test func aOneBarDrawdownAtTheLastBarCounts() {
        // backtesting.py drops it (its periods need two points apart); Backlab counts it.
        let m = Self.metrics([100, 120, 90])
        #expect(Self.near(m[.avgDrawdown], 0.25) && m[.avgDrawdownDuration] == 1)
    }

    @Test func tradesGiveKellyAndTheLongestTrade() {
        func trade(_ pnl: Double, _ entry: Int, _ exit: Int) -> Trade {
            Trade(
                entryBar: entry, exitBar: exit, entryTime: 0, exitTime: 0, entryPrice: 1, exitPrice: 1, size: 1, fees: 0,
                pnl: pnl, returnFraction: pnl / 100, exitReason: .signal)
        }
        // Win rate 1/2, mean win 15, mean loss 7.5: payoff 2, Kelly 1/2 - (1/2) / 2 = 1/4.
        let trades = [trade(10, 0, 2), trade(-5, 2, 3), trade(20, 3, 8), trade(-10, 8, 9)]
        let m = Self.metrics(Array(repeating: 100, count: 10), trades: trades)
        #expect(Self.near(m[.kellyCriterion], 0.25))
        #expect(m[.maxTradeDuration] == 5)
        // A break-even trade counts in the win rate's denominator only: w = 1/3, payoff 2.
        let withFlat = Self.metrics(Array(repeating: 100, count: 10), trades: [trade(10, 0, 1), trade(-5, 1, 2), trade(0, 2, 3)])
        #expect(Self.near(withFlat[.kellyCriterion], 1.0 / 3 - (2.0 / 3) / 2))
        // No loser or no winner: no payoff ratio, no Kelly; no trades: no longest trade either.
        #expect(Self.metrics([100, 100], trades: [trade(10, 0, 1)])[.kellyCriterion] == nil)
        #expect(Self.metrics([100, 100], trades: [trade(-10, 0, 1)])[.kellyCriterion] == nil)
        let none = Self.metrics([100, 100])
        #expect(none[.kellyCriterion] == nil && none[.maxTradeDuration] == nil)
    }

    @Test func buyAndHoldAlphaAndBetaAgainstTheCloses() {
        // Buy and hold's daily returns b = 0.1, -0.1, 0.1, 0.1; the strategy's r = b / 2 + 0.001:
        // beta 1/2, and the daily alpha 0.001 compounded over 252 days.
        let close: [Double] = [10, 11, 9.9, 10.89, 11.979]
        let b = [0.1, -0.1, 0.1, 0.1]
        let m = Self.metrics(Self.equity(b.map { $0 / 2 + 0.001 }), close: close)
        #expect(Self.near(m[.buyAndHoldReturn], 0.1979))
        #expect(Self.near(m[.beta], 0.5))
        #expect(Self.near(m[.alpha], pow(1.001, 252) - 1, 1e-10))
        // With a risk-free rate both sides are in excess of it: r - rf = (b - rf) / 2 + a gives
        // a = 0.001 - rf / 2 per day.
        let rf = 0.0004
        let excess = Self.metrics(Self.equity(b.map { $0 / 2 + 0.001 }), close: close, riskFree: rf * 252)
        #expect(Self.near(excess[.alpha], pow(1 + 0.001 - rf / 2, 252) - 1, 1e-10))
    }

    @Test func theClosesMayBeASliceOfLongerBars() {
        // A run that starts at data.trade_start gets the closes from its first bar on.
        let bars: [Double] = [7, 8, 10, 11, 9.9, 10.89, 11.979]
        let equity = Self.equity([0.051, -0.049, 0.051, 0.051])
        let fromSlice = MetricsCalculator.compute(
            trades: [], equity: equity, time: Self.days(5), settings: MetricSettings(periodsPerYear: 252, initialCapital: 100),
            close: bars[2...])
        #expect(fromSlice == Self.metrics(equity, close: Array(bars[2...])))
        #expect(Self.near(fromSlice[.buyAndHoldReturn], 0.1979))
    }

    @Test func withoutClosesOrWithFlatClosesThereIsNoAlphaOrBeta() {
        let equity = Self.equity([0.01, -0.02, 0.03])
        let without = Self.metrics(equity)
        #expect(without[.buyAndHoldReturn] == nil && without[.alpha] == nil && without[.beta] == nil)
        let flat = Self.metrics(equity, close: [5, 5, 5, 5])
        #expect(flat[.buyAndHoldReturn] == 0 && flat[.alpha] == nil && flat[.beta] == nil)
    }

    @Test func theTailsOfElevenDailyReturns() {
        // Sorted: -0.04, -0.02, -0.01, 0, 0.01, 0.01, 0.01, 0.02, 0.02, 0.03, 0.05. The 5th
        // percentile sits at index 10 * 0.05 = 0.5: -0.03; the 95th at 9.5: 0.04. CVaR takes the
        // k + 1 lowest, k = floor(10 * 0.05) = 0: -0.04 alone.
        let r = [-0.04, -0.02, 0.01, 0.02, 0.0, 0.01, 0.03, -0.01, 0.02, 0.05, 0.01]
        let m = Self.metrics(Self.equity(r))
        #expect(Self.near(m[.valueAtRisk], -0.03))
        #expect(Self.near(m[.conditionalValueAtRisk], -0.04))
        #expect(Self.near(m[.tailRatio], 4.0 / 3))
        // Omega: gains 0.15 over losses 0.07.
        #expect(Self.near(m[.omegaRatio], 15.0 / 7))
    }

    @Test func conditionalValueAtRiskAveragesTheWorstTwentiethAndMore() {
        // 41 returns: k = floor(40 * 0.05) = 2, the mean of the three lowest; the 5th percentile
        // is the third lowest exactly (index 2).
        let r = [-0.06, -0.03, -0.03] + Array(repeating: 0.01, count: 38)
        let m = Self.metrics(Self.equity(r))
        #expect(Self.near(m[.conditionalValueAtRisk], -0.04))
        #expect(Self.near(m[.valueAtRisk], -0.03))
        #expect(Self.near(m[.tailRatio], 1.0 / 3))
    }

    @Test func theUlcerIndexIsTheRootMeanSquareDrawdownOverNMinusOneDays() {
        // Day-end drawdowns after the first day: -0.2, 0, -0.1, 0; sum of squares 0.05 over n - 1 = 3.
        let m = Self.metrics([100, 80, 100, 90, 120])
        #expect(Self.near(m[.ulcerIndex], (0.05 / 3).squareRoot()))
        // The day-end equity, not every bar: an intraday dip that is over by the day's end is not a drawdown.
        let hour: Int64 = 3_600_000
        let day = UTCDate.millisPerDay
        let intraday = MetricsCalculator.compute(
            trades: [], equity: [100, 50, 100, 110, 121], time: [0, day, day + hour, 2 * day, 3 * day],
            settings: MetricSettings(periodsPerYear: 252, initialCapital: 100))
        // Day ends: bars 0, 2 (100, after the dip to 50), 3 and 4: no day-end drawdown.
        #expect(intraday[.ulcerIndex] == 0 && intraday[.maxDrawdown] == 0.5)
    }

    @Test func theProbabilisticSharpeRatioOfSymmetricReturns() {
        // r = 0.01 ± 0.02: skewness 0, kurtosis 1, SR = 0.01 / (0.02 * sqrt(4/3)); the variance
        // term 1 - 0 + (1 - 1) / 4 * SR^2 = 1, so PSR = Phi(SR * sqrt(3)) = Phi(0.75).
        let r = [0.03, -0.01, 0.03, -0.01]
        #expect(Self.near(Self.metrics(Self.equity(r))[.probabilisticSharpeRatio], 0.773_372_647_623_131_7, 1e-12))
        // Less a risk-free rate of 0.01 a day the mean excess return is 0: PSR = 1/2.
        #expect(Self.near(Self.metrics(Self.equity(r), riskFree: 0.01 * 252)[.probabilisticSharpeRatio], 0.5, 1e-12))
    }

    @Test func aFlatCurveLeavesTheRatiosUndefined() {
        let m = Self.metrics([100, 100, 100, 100], close: [3, 3, 3, 3])
        #expect(m[.equityPeak] == 100)
        for id in [MetricID.avgDrawdown, .avgDrawdownDuration, .omegaRatio, .tailRatio, .probabilisticSharpeRatio, .alpha, .beta] {
            #expect(m[id] == nil, "\(id)")
        }
        #expect(m[.valueAtRisk] == 0 && m[.conditionalValueAtRisk] == 0 && m[.ulcerIndex] == 0)
        // One daily return: its tails are itself; omega, alpha, beta, the ulcer index and PSR need two.
        let one = Self.metrics([100, 90], close: [3, 4])
        #expect(Self.near(one[.valueAtRisk], -0.1) && Self.near(one[.conditionalValueAtRisk], -0.1))
        for id in [MetricID.omegaRatio, .ulcerIndex, .probabilisticSharpeRatio, .alpha, .beta] {
            #expect(one[id] == nil, "\(id)")
        }
        #expect(one[.tailRatio] == 1)
    }
}
