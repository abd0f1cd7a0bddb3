import Testing

@testable import Engine

@Suite struct IndicatorTests {
    static func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= tolerance }
    }

    @Test func smaOfAShortSeries() {
        #expect(Self.close(Indicators.sma([1, 2, 3, 4, 5], period: 3), [.nan, .nan, 2, 3, 4]))
    }

    @Test func rollingMeanReturnsTheValueItselfForAConstantWindow() {
        // 0.1 + 0.2 + 0.3 - 0.1 - 0.2 leaves rounding residue in a running sum; a window of equal
        // values must still give exactly that value (pandas' rule), or ties stop being ties.
        let values = [0.1, 0.2, 0.3, 0.7, 0.7, 0.7]
        let sma = Indicators.sma(values, period: 3)
        #expect(sma[5] == 0.7)
    }

    @Test func compensatedSumKeepsTiesThatANaiveRunningSumBreaks() {
        // After many updates of a naive running sum, a window whose true mean equals a constant is
        // off by a few ulps; the compensated mean is exact here.
        var values: [Double] = []
        for i in 0..<10_000 { values.append(Double(100 + (i * 37) % 23) * 0.01 + 100) }
        values += Array(repeating: 100.11, count: 5) + [100.1, 100.12] + Array(repeating: 100.11, count: 3)
        let compensated = Indicators.sma(values, period: 10)
        var naive = 0.0
        var naiveMeans: [Double] = []
        for (i, v) in values.enumerated() {
            naive += v
            if i >= 10 { naive -= values[i - 10] }
            naiveMeans.append(naive / 10)
        }
        let last = values.count - 1
        // The last window is 100.11 eight times, 100.1 and 100.12: its mean is 100.11 (also in exact
        // rational arithmetic on these doubles, rounded to the nearest double).
        #expect(compensated[last] == 100.11)
        #expect(naiveMeans[last] != 100.11)
    }

    @Test func emaSeededWithTheSimpleMean() {
        // period 3, alpha 0.5: seed mean(1,2,3) = 2; then 2 + 0.5 * (4 - 2) = 3; 3 + 0.5 * (8 - 3) = 5.5.
        #expect(Self.close(Indicators.ema([1, 2, 3, 4, 8], period: 3), [.nan, .nan, 2, 3, 5.5]))
    }

    @Test func rsiByWilder() {
        // Changes +1, -1, +2 with period 2: seed gain (1+0)/2 = 0.5, loss (0+1)/2 = 0.5 -> RSI 50.
        // Next: gain (0.5 + 2)/2 = 1.25, loss (0.5 + 0)/2 = 0.25 -> 100 - 100/(1+5) = 83.333...
        let rsi = Indicators.rsi([10, 11, 10, 12], period: 2)
        #expect(rsi[0].isNaN && rsi[1].isNaN)
        #expect(rsi[2] == 50)
        #expect(abs(rsi[3] - 100.0 * 5 / 6) < 1e-12)
        #expect(Indicators.rsi([1, 2, 3, 4], period: 2)[3] == 100)
    }

    @Test func atrByWilder() {
        // TR: 2 (h-l), max(1, |12-9|, |11-9|) = 3, max(2, |11-12|, |9-12|) = 3; period 2:
        // ATR[1] = (2 + 3) / 2 = 2.5, ATR[2] = (2.5 + 3) / 2 = 2.75.
        let atr = Indicators.atr(high: [10, 12, 11], low: [8, 11, 9], close: [9, 12, 10], period: 2)
        #expect(Self.close(atr, [.nan, 2.5, 2.75]))
    }

    @Test func donchianUsesThePreviousBarsOnly() {
        let channel = Indicators.donchian(high: [5, 7, 6, 9, 4], low: [1, 3, 2, 5, 0], period: 2)
        #expect(Self.close(channel.upper, [.nan, .nan, 7, 7, 9]))
        #expect(Self.close(channel.lower, [.nan, .nan, 1, 2, 2]))
    }

    @Test func bollingerUsesThePopulationDeviation() {
        // Window [1, 3]: mean 2, population sd 1; width 2 -> bands 0 and 4.
        let bands = Indicators.bollinger([1, 3], period: 2, width: 2)
        #expect(bands.middle[1] == 2 && bands.upper[1] == 4 && bands.lower[1] == 0)
    }

    @Test func crossingIsNonStrictBeforeAndStrictNow() {
        let fast: [Double] = [1, 2, 3, 2, 2, 1]
        let slow: [Double] = [2, 2, 2, 2, 2, 2]
        // t=2: 2 <= 2 and 3 > 2 -> entry. t=3: 3 >= 2 but 2 < 2 is false -> none.
        // t=5: 2 >= 2 and 1 < 2 -> exit. t=1: 1 <= 2 but 2 > 2 false -> none.
        #expect(SignalSeries.crossing(fast, over: slow).flags == [0, 0, 1, 0, 0, 2])
        #expect(SignalSeries.crossing([.nan, 3], over: [2, 2]).flags == [0, 0])
    }
}
