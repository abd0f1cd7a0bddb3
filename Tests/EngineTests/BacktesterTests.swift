import Testing

@testable import Engine

/// Hand-checkable runs on a few bars: every number below is worked out on paper in the comments.
@Suite struct BacktesterTests {
    /// Bars with given OHLC, one per day from 2020-01-01.
    static func bars(_ ohlc: [(Double, Double, Double, Double)]) -> BarSeries {
        var series = BarSeries(reservingCapacity: ohlc.count)
        for (i, bar) in ohlc.enumerated() {
            series.append(time: Int64(18_262 + i) * UTCDate.millisPerDay, open: bar.0, high: bar.1, low: bar.2, close: bar.3, volume: 0)
        }
        return series
    }

    static func flags(_ count: Int, entries: [Int] = [], exits: [Int] = []) -> SignalSeries {
        var flags = [UInt8](repeating: 0, count: count)
        for t in entries { flags[t] |= SignalSeries.entry }
        for t in exits { flags[t] |= SignalSeries.exit }
        return SignalSeries(flags: flags)
    }

    static func run(
        _ bars: BarSeries, entries: [Int], exits: [Int] = [], exit: any ExitPlanner = SignalExit(),
        size: any SizePlanner = FixedFraction(fraction: 1), overlays: [any PortfolioOverlay] = [],
        settings: ExecutionSettings = ExecutionSettings(initialCapital: 1001, feeRate: 0, wholeUnits: true)
    ) -> BacktestOutcome {
        let strategy = Strategy(
            signals: flags(bars.count, entries: entries, exits: exits), exitPlanner: exit, sizePlanner: size, overlays: overlays)
        return Backtester.run(bars: bars, strategy: strategy, settings: settings)
    }

    @Test func risingMarketBuysAtNextOpenAndClosesAtTheEnd() {
        // Cash 1001 (the default here). Entry signalled at the close of bar 0 fills at open[1] = 10:
        // floor(1001 / 10) = 100 units.
        // Still open after the last bar: closed at close[3] = 13 as `end`; pnl 100 * 3 = 300.
        let b = Self.bars([(9, 9, 9, 9), (10, 11, 10, 11), (11, 12, 11, 12), (12, 13, 12, 13)])
        let outcome = Self.run(b, entries: [0])
        #expect(outcome.trades.count == 1)
        let trade = outcome.trades[0]
        #expect(trade.entryBar == 1 && trade.exitBar == 3 && trade.entryPrice == 10 && trade.exitPrice == 13)
        #expect(trade.size == 100 && trade.pnl == 300 && trade.exitReason == .end)
        #expect(outcome.equity == [1001, 1101, 1201, 1301])
    }

    @Test func fallingMarketLosesAndSignalExitFillsAtNextOpen() {
        // Buy floor(1001 / 20) = 50 at open[1] = 20; exit signalled at close of bar 2 fills at open[3] = 16: pnl -200.
        let b = Self.bars([(20, 20, 20, 20), (20, 20, 18, 18), (18, 18, 17, 17), (16, 16, 15, 15), (15, 15, 14, 14)])
        let outcome = Self.run(b, entries: [0], exits: [2])
        #expect(outcome.trades.map(\.exitBar) == [3])
        #expect(outcome.trades[0].exitPrice == 16 && outcome.trades[0].pnl == -200 && outcome.trades[0].exitReason == .signal)
        #expect(outcome.equity == [1001, 901, 851, 801, 801])
    }

    @Test func flatMarketWithoutSignalsMakesNoTrades() {
        let b = Self.bars(Array(repeating: (5, 5, 5, 5), count: 6))
        let outcome = Self.run(b, entries: [])
        #expect(outcome.trades.isEmpty)
        #expect(outcome.equity == Array(repeating: 1001, count: 6))
    }

    @Test func feesArePaidOnBothSidesAndSizingLeavesRoomForTheEntryFee() {
        // Fee 1%: units = floor(1000 / (10 * 1.01)) = 99. Entry fee 9.90, exit at 12: fee 11.88.
        // pnl = 99 * 2 - 21.78 = 176.22; return = 0.2 - 21.78 / 990.
        let b = Self.bars([(10, 10, 10, 10), (10, 10, 10, 10), (12, 12, 12, 12), (12, 12, 12, 12)])
        let outcome = Self.run(
            b, entries: [0], exits: [1], settings: ExecutionSettings(initialCapital: 1000, feeRate: 0.01, wholeUnits: true))
        let trade = outcome.trades[0]
        #expect(trade.size == 99)
        #expect(abs(trade.fees - 21.78) < 1e-12)
        #expect(abs(trade.pnl - 176.22) < 1e-12)
        #expect(abs(trade.returnFraction - (0.2 - 21.78 / 990)) < 1e-15)
        #expect(abs(outcome.equity.last! - 1176.22) < 1e-9)
    }

    @Test func gapThroughTheStopFillsAtTheWorseOpen() {
        // Entry at 100, stop 5% at 95. Bar 2 opens at 90, below the stop: filled at 90, not 95.
        let b = Self.bars([(100, 100, 100, 100), (100, 101, 99, 100), (90, 92, 88, 91), (91, 91, 91, 91)])
        let outcome = Self.run(b, entries: [0], exit: FixedPercentageExit(stopFraction: 0.05, targetFraction: 0.1, honoursSignalExit: true))
        #expect(outcome.trades.count == 1)
        #expect(outcome.trades[0].exitBar == 2 && outcome.trades[0].exitPrice == 90 && outcome.trades[0].exitReason == .stop)
    }

    @Test func gapThroughTheTargetFillsAtTheBetterOpen() {
        // Target 10% at 110; bar 2 opens at 115: filled at 115.
        let b = Self.bars([(100, 100, 100, 100), (100, 101, 99, 100), (115, 118, 114, 117), (117, 117, 117, 117)])
        let outcome = Self.run(b, entries: [0], exit: FixedPercentageExit(stopFraction: 0.05, targetFraction: 0.1, honoursSignalExit: true))
        #expect(outcome.trades[0].exitPrice == 115 && outcome.trades[0].exitReason == .target)
    }

    @Test func aBarTouchingStopAndTargetFillsTheStop() {
        // Stop 95, target 110; bar 2 ranges 90..120 and opens at 100 between them: stop at 95.
        let b = Self.bars([(100, 100, 100, 100), (100, 101, 99, 100), (100, 120, 90, 100), (100, 100, 100, 100)])
        let outcome = Self.run(b, entries: [0], exit: FixedPercentageExit(stopFraction: 0.05, targetFraction: 0.1, honoursSignalExit: true))
        #expect(outcome.trades[0].exitPrice == 95 && outcome.trades[0].exitReason == .stop && outcome.trades[0].exitBar == 2)
    }

    @Test func stopIsLiveOnTheEntryBarAndANewEntryMayFollowOnTheSameBar() {
        // Entry fills at open[1] = 100 and bar 1 falls to 94: stopped at 95 on the entry bar.
        // An entry signalled at the close of bar 1 (flat again) fills at open[2] = 96.
        let b = Self.bars([(100, 100, 100, 100), (100, 100, 94, 96), (96, 97, 96, 97), (97, 97, 97, 97)])
        let outcome = Self.run(
            b, entries: [0, 1], exit: FixedPercentageExit(stopFraction: 0.05, targetFraction: 0.5, honoursSignalExit: true))
        #expect(outcome.trades.count == 2)
        #expect(outcome.trades[0].entryBar == 1 && outcome.trades[0].exitBar == 1 && outcome.trades[0].exitPrice == 95)
        #expect(outcome.trades[1].entryBar == 2 && outcome.trades[1].entryPrice == 96)
        // Equity after the stop: 10 units lost 5 each.
        #expect(outcome.equity[1] == 951)
    }

    @Test func zeroAffordableUnitsSkipsTheEntryWithAWarningCount() {
        // 1001 cash cannot buy one whole unit at 2000.
        let b = Self.bars([(2000, 2000, 2000, 2000), (2000, 2000, 2000, 2000), (2000, 2000, 2000, 2000)])
        let outcome = Self.run(b, entries: [0])
        #expect(outcome.trades.isEmpty && outcome.skippedEntries == 1 && outcome.firstSkippedBar == 1)
        #expect(outcome.equity == [1001, 1001, 1001])
    }

    @Test func fractionalUnitsInvestTheWholeFraction() {
        // fraction 0.5, fee 0: units = 500 / 2000 = 0.25.
        let b = Self.bars([(2000, 2000, 2000, 2000), (2000, 2000, 2000, 2000), (2400, 2400, 2400, 2400)])
        let outcome = Self.run(
            b, entries: [0], size: FixedFraction(fraction: 0.5),
            settings: ExecutionSettings(initialCapital: 1000, feeRate: 0, wholeUnits: false))
        #expect(outcome.trades[0].size == 0.25 && outcome.trades[0].pnl == 100)
    }

    @Test func anOrderDecidedOnTheLastBarNeverFills() {
        let b = Self.bars([(10, 10, 10, 10), (10, 10, 10, 10), (10, 10, 10, 10)])
        #expect(Self.run(b, entries: [2]).trades.isEmpty)
    }

    @Test func fillAtCloseEntersAtTheSignalBarsClose() {
        // Signal at bar 1 fills at close[1] = 10 (100 units); exit signal at bar 2 fills at close[2] = 12.
        let b = Self.bars([(9, 9, 9, 9), (9, 10, 9, 10), (11, 12, 11, 12), (12, 12, 12, 12)])
        let outcome = Self.run(
            b, entries: [1], exits: [2],
            settings: ExecutionSettings(initialCapital: 1001, feeRate: 0, fill: .close, wholeUnits: true))
        #expect(outcome.trades.count == 1)
        #expect(outcome.trades[0].entryBar == 1 && outcome.trades[0].entryPrice == 10 && outcome.trades[0].exitPrice == 12)
        #expect(outcome.equity == [1001, 1001, 1201, 1201])
    }

    @Test func slippageWorksAgainstTheTrader() {
        // 1% slippage: buy at 10.1, sell at 12 * 0.99 = 11.88.
        let b = Self.bars([(10, 10, 10, 10), (10, 10, 10, 10), (12, 12, 12, 12), (12, 12, 12, 12)])
        let outcome = Self.run(
            b, entries: [0], exits: [1], settings: ExecutionSettings(initialCapital: 1000, feeRate: 0, slippage: 0.01, wholeUnits: false))
        #expect(abs(outcome.trades[0].entryPrice - 10.1) < 1e-12 && abs(outcome.trades[0].exitPrice - 11.88) < 1e-12)
    }

    @Test func trailingStopFollowsTheHighFromTheNextBarOn() {
        // Entry 100, trail 10%: stop 90. Bar 1 high 120 -> stop 108 from bar 2; bar 2 low 107: out at 108.
        let b = Self.bars([(100, 100, 100, 100), (100, 120, 99, 115), (115, 116, 107, 110), (110, 110, 110, 110)])
        let outcome = Self.run(b, entries: [0], exit: TrailingStopExit(trail: 0.1, honoursSignalExit: true))
        #expect(outcome.trades[0].exitBar == 2 && outcome.trades[0].exitPrice == 108 && outcome.trades[0].exitReason == .trail)
    }

    @Test func timeExitClosesAfterTheGivenBars() {
        // Entry fills at bar 1; held for 2 bars (1 and 2); exit decided at close of 2 fills at open[3].
        let b = Self.bars([(10, 10, 10, 10), (10, 10, 10, 10), (11, 11, 11, 11), (12, 12, 12, 12), (13, 13, 13, 13)])
        let outcome = Self.run(b, entries: [0], exit: TimeExit(bars: 2, honoursSignalExit: true))
        #expect(outcome.trades[0].exitBar == 3 && outcome.trades[0].exitReason == .time)
    }

    @Test func ignoringTheSignalExitKeepsThePositionUntilTheStop() {
        let b = Self.bars([(100, 100, 100, 100), (100, 100, 100, 100), (100, 100, 100, 100), (100, 100, 80, 85)])
        let outcome = Self.run(
            b, entries: [0], exits: [1], exit: FixedPercentageExit(stopFraction: 0.1, targetFraction: 0.1, honoursSignalExit: false))
        #expect(outcome.trades[0].exitReason == .stop && outcome.trades[0].exitBar == 3 && outcome.trades[0].exitPrice == 90)
    }

    @Test func fixedRiskSizesSoTheStopLosesTheRiskFraction() {
        // Equity 1001, risk 2%: 20.02 at risk; entry 100, stop 5% at 95: floor(20.02 / 5) = 4 units.
        let b = Self.bars([(100, 100, 100, 100), (100, 100, 100, 100), (100, 100, 100, 100)])
        let outcome = Self.run(
            b, entries: [0], exit: FixedPercentageExit(stopFraction: 0.05, targetFraction: 0.1, honoursSignalExit: true),
            size: FixedRisk(risk: 0.02))
        #expect(outcome.trades[0].size == 4)
    }

    @Test func maxDrawdownOverlayStopsNewEntries() {
        // First trade: 10 units 100 -> 70 (signal exit at open of bar 3): equity 701, drawdown 30%.
        // The entry signalled at bar 4 is refused with a 25% limit, allowed with 50%.
        let b = Self.bars([
            (100, 100, 100, 100), (100, 100, 100, 100), (80, 80, 80, 80), (70, 70, 70, 70), (70, 70, 70, 70), (70, 70, 70, 70),
        ])
        let tight = Self.run(b, entries: [0, 4], exits: [2], overlays: [MaxDrawdownOverlay(limit: 0.25)])
        let loose = Self.run(b, entries: [0, 4], exits: [2], overlays: [MaxDrawdownOverlay(limit: 0.5)])
        #expect(tight.trades.count == 1)
        #expect(loose.trades.count == 2)
    }

    @Test func anAllInOrderThatFitsExactlyBuysOneUnitLessAsBacktestingPyDoes() {
        // 1000 / 10 is exactly 100, but the order asks for (1 - 2^-52) of the cash: 99 units.
        let b = Self.bars([(10, 10, 10, 10), (10, 10, 10, 10), (10, 10, 10, 10)])
        let outcome = Self.run(b, entries: [0], settings: ExecutionSettings(initialCapital: 1000, feeRate: 0, wholeUnits: true))
        #expect(outcome.trades[0].size == 99)
    }

    @Test func pythonFloorDivisionMatchesItsDefinition() {
        #expect(PythonFloat.floorDivide(7, 2) == 3)
        #expect(PythonFloat.floorDivide(1, 0.1) == 9)  // Python: 1 // 0.1 == 9.0, though 1 / 0.1 == 10.0
        #expect(PythonFloat.floorDivide(0.5, 3) == 0)
    }
}
