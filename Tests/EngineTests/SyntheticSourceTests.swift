import Foundation
import Testing

@testable import Engine

@Suite struct SyntheticSourceTests {
    @Test func sameSeedSameBarsDifferentSeedDifferentBars() {
        let a = SyntheticSource(seed: 7, bars: 1000, timeframe: Timeframe("1d")!, start: 0).generate()
        let b = SyntheticSource(seed: 7, bars: 1000, timeframe: Timeframe("1d")!, start: 0).generate()
        let c = SyntheticSource(seed: 8, bars: 1000, timeframe: Timeframe("1d")!, start: 0).generate()
        #expect(a == b)
        #expect(a.close != c.close)
    }

    @Test func pinnedValuesProveTheGeneratorIsTheSameOnEveryMachine() {
        // SplitMix64's published first output for seed 0 is 0xE220A8397B1DCDAF.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        // The first closes of the example data, as this code produced them when written.
        let bars = SyntheticSource(seed: 7, bars: 3, timeframe: Timeframe("1d")!, start: 1_420_156_800_000, tick: 0.01).generate()
        #expect(bars.close == Self.pinnedCloses)
    }

    static let pinnedCloses: [Double] = [100.83, 99.19, 98.08]

    @Test func barsAreConsistentPositiveOnTheGridAndSkipWeekends() {
        let bars = SyntheticSource(seed: 1, bars: 5000, timeframe: Timeframe("1d")!, start: 1_420_156_800_000, volatility: 0.6, tick: 0.01)
            .generate()
        for i in 0..<bars.count {
            #expect(bars.low[i] > 0 && bars.low[i] <= min(bars.open[i], bars.close[i]) && bars.high[i] >= max(bars.open[i], bars.close[i]))
            #expect((bars.close[i] * 100).rounded() / 100 == bars.close[i])
            #expect(!UTCDate.isWeekend(bars.time[i]))
        }
        #expect(!bars.tradesOnWeekends)
        let minutes = SyntheticSource(seed: 1, bars: 20_000, timeframe: Timeframe("1m")!, start: 0).generate()
        #expect(minutes.tradesOnWeekends)
    }

    @Test func volatilityRegimesShowAsClustersOfLargeMoves() {
        // Realised volatility over 60-bar windows varies far more than i.i.d. noise would allow.
        let bars = SyntheticSource(seed: 2, bars: 20_000, timeframe: Timeframe("1d")!, start: 0).generate()
        var windows: [Double] = []
        var i = 1
        while i + 60 < bars.count {
            var sum = 0.0
            for j in i..<(i + 60) {
                let r = bars.close[j] / bars.close[j - 1] - 1
                sum += r * r
            }
            windows.append(sum.squareRoot())
            i += 60
        }
        let ratio = windows.max()! / windows.min()!
        #expect(ratio > 2.5)
    }

    @Test func withoutMomentumEverySourceGivesTheBarsItGaveBeforeMomentumExisted() {
        for (name, source) in Self.recordedSources {
            #expect(source.momentum == 0)
            #expect(Self.checksum(source.generate()) == Self.recordedChecksums[name], "\(name)")
            // Written out as 0 or -0, momentum is still absent.
            for zero in [0.0, -0.0] {
                var explicit = source
                explicit.momentum = zero
                #expect(Self.checksum(explicit.generate()) == Self.recordedChecksums[name], "\(name), momentum \(zero)")
            }
            var trending = source
            trending.momentum = 0.15
            #expect(Self.checksum(trending.generate()) != Self.recordedChecksums[name], "\(name)")
        }
    }

    /// What `checksum` gave for each of `recordedSources`, recorded from the generator at commit
    /// 0348dd8 (before `momentum`), so that a change to it that alters any bar fails here.
    static let recordedChecksums: [String: UInt64] = [
        "example": 0xB93A_DD5E_8A50_5B2F,
        "reference daily": 0x96D5_C0B5_B773_6091,
        "reference minute": 0x0F5C_5A7C_0144_44FC,
        "no tick": 0xA9CA_FF39_1368_2619,
        "odd tick, hourly weekdays": 0x9EAE_269D_30E0_5D41,
        "weekly": 0x3730_0BF0_D27C_9531,
    ]

    @Test func momentumIsHowMuchABarsReturnFollowsTheTrendOfThePastMonth() {
        // On 200,000 daily bars the fitted slope's standard error is about 0.02 (measured over ten
        // seeds; the regimes make it twice the textbook one), so 0.06 is three of them.
        func source(_ momentum: Double) -> SyntheticSource {
            SyntheticSource(seed: 9, bars: 200_000, timeframe: Timeframe("1d")!, start: 0, momentum: momentum, tick: 0.01)
        }
        let plain = Self.returnStatistics(source(0).generate(), drift: 0.08)
        #expect(abs(plain.trendSlope) < 0.06, "\(plain.trendSlope)")
        #expect(abs(plain.autocorrelation) < 0.03, "\(plain.autocorrelation)")
        for momentum in [0.15, 0.5, -0.3] {
            let stats = Self.returnStatistics(source(momentum).generate(), drift: 0.08)
            #expect(abs(stats.trendSlope - momentum) < 0.06, "momentum \(momentum): \(stats.trendSlope)")
            // The shocks shrink so that a bar's volatility is the random walk's (within 3%) ...
            #expect(abs(stats.volatility / plain.volatility - 1) < 0.03, "momentum \(momentum): \(stats.volatility)")
            // ... while moves add up: a year's spread grows about 1 / (1 - m) times (2x at 0.5).
            let growth = stats.yearlySpread / plain.yearlySpread * (1 - momentum)
            #expect(abs(growth - 1) < 0.1, "momentum \(momentum): \(growth)")
        }
    }

    @Test func barsWithMomentumAreConsistentPositiveAndOnTheGrid() {
        for momentum in [0.9, -0.9] {
            let bars = SyntheticSource(
                seed: 4, bars: 5000, timeframe: Timeframe("1d")!, start: 0, volatility: 0.8, momentum: momentum, tick: 0.01
            ).generate()
            for i in 0..<bars.count {
                let (open, high, low, close) = (bars.open[i], bars.high[i], bars.low[i], bars.close[i])
                #expect(low > 0 && low <= min(open, close) && high >= max(open, close))
                for price in [open, high, low, close] { #expect((price * 100).rounded() / 100 == price) }
            }
        }
    }

    /// Of close-to-close returns r above the drift's share mu of a daily bar: the least-squares
    /// slope of r on the trend before it (their exponential average over the momentum span, as
    /// the source keeps it), the lag-1 autocorrelation, the standard deviation, and the
    /// standard deviation of the log growth over 252 bars.
    static func returnStatistics(_ bars: BarSeries, drift: Double) -> (
        trendSlope: Double, autocorrelation: Double, volatility: Double, yearlySpread: Double
    ) {
        let mu = drift / 252
        let excess = (1..<bars.count).map { bars.close[$0] / bars.close[$0 - 1] - 1 - mu }
        let weight = 2 / (SyntheticSource.momentumSpanDays + 1)
        var trend = 0.0
        var (products, squares) = (0.0, 0.0)
        for x in excess {
            products += x * trend
            squares += trend * trend
            trend += weight * (x - trend)
        }
        let mean = excess.reduce(0, +) / Double(excess.count)
        var (variance, covariance) = (0.0, 0.0)
        for i in excess.indices {
            variance += (excess[i] - mean) * (excess[i] - mean)
            if i > 0 { covariance += (excess[i] - mean) * (excess[i - 1] - mean) }
        }
        let years = stride(from: 252, to: bars.count, by: 252).map { log(bars.close[$0] / bars.close[$0 - 252]) }
        let yearMean = years.reduce(0, +) / Double(years.count)
        let yearVariance = years.reduce(0) { $0 + ($1 - yearMean) * ($1 - yearMean) } / Double(years.count - 1)
        return (products / squares, covariance / variance, (variance / Double(excess.count)).squareRoot(), yearVariance.squareRoot())
    }

    /// Sources covering each path of the generator (grid that divides 1 or not, none; daily and
    /// minute bars; both calendars), whose checksums were recorded before `momentum` existed.
    static let recordedSources: [(String, SyntheticSource)] = [
        ("example", SyntheticSource(seed: 7, bars: 2520, timeframe: Timeframe("1d")!, start: 1_420_156_800_000, tick: 0.01)),
        (
            "reference daily",
            SyntheticSource(
                seed: 11, bars: 2520, timeframe: Timeframe("1d")!, start: 1_420_156_800_000, drift: 0.06, volatility: 0.25,
                startPrice: 40, tick: 0.01)
        ),
        (
            "reference minute",
            SyntheticSource(
                seed: 5, bars: 30_000, timeframe: Timeframe("1m")!, start: 1_614_556_800_000, drift: 0, volatility: 0.6,
                startPrice: 25, tick: 0.01)
        ),
        ("no tick", SyntheticSource(seed: 3, bars: 600, timeframe: Timeframe("1d")!, start: 1_420_156_800_000, volatility: 0.3)),
        (
            "odd tick, hourly weekdays",
            SyntheticSource(
                seed: 42, bars: 5000, timeframe: Timeframe("1h")!, start: 0, drift: -0.2, volatility: 1.5, tick: 0.3,
                calendar: .weekdays)
        ),
        ("weekly", SyntheticSource(seed: 0, bars: 800, timeframe: Timeframe("1w")!, start: 0, drift: 0.5, volatility: 0.05, tick: 0.01)),
    ]

    /// FNV-1a over the bit patterns of every column, so any change to any bar changes it.
    static func checksum(_ bars: BarSeries) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ word: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash = (hash ^ ((word >> UInt64(shift)) & 0xFF)) &* 0x0000_0100_0000_01B3
            }
        }
        for i in 0..<bars.count {
            mix(UInt64(bitPattern: bars.time[i]))
            for column in [bars.open, bars.high, bars.low, bars.close, bars.volume] { mix(column[i].bitPattern) }
        }
        return hash
    }
}
