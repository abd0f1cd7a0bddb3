import Testing

@testable import Engine

@Suite struct SharpeStatisticsTests {
    /// The worked example of Bailey and López de Prado, "The Deflated Sharpe Ratio" (2014):
    /// annualised SR 2.5 over five years of daily returns (T = 1250, 250 a year), N = 100 trials
    /// whose annualised Sharpe ratios have variance 0.5, skewness −3, non-excess kurtosis 10.
    static func paperExample(
        daysPerYear: Double = 250, count: Int = 1250, kurtosis: Double = 10, trials: Int = 100
    ) -> Double? {
        let moments = ReturnMoments(count: count, sharpe: 2.5 / daysPerYear.squareRoot(), skewness: -3, kurtosis: kurtosis)
        return SharpeStatistics.deflatedSharpe(moments, trials: trials, variance: 0.5 / daysPerYear)
    }

    @Test func expectedMaximumSharpeOfThePaperExample() throws {
        let sr0 = try #require(SharpeStatistics.expectedMaximumSharpe(trials: 100, variance: 0.5 / 250))
        // The bracket (1 − γ)Φ⁻¹(1 − 1/N) + γΦ⁻¹(1 − 1/(Ne)) is 2.5306028932 for N = 100.
        #expect(abs(sr0 / (0.5 / 250).squareRoot() - 2.530_602_893_2) < 1e-10)
        #expect(abs(sr0 - 0.1132) < 5e-5)
    }

    @Test func deflatedSharpeOfThePaperExample() throws {
        let dsr = try #require(Self.paperExample())
        #expect(abs(dsr - 0.900_396_8) < 5e-8)
        // pypbo's test asserts 0.90039683444939034 for the same inputs.
        #expect(abs(dsr - 0.900_396_834_449_390_34) < 1e-12)
        let fewerTrials = try #require(Self.paperExample(trials: 46))
        #expect(abs(fewerTrials - 0.9505) < 5e-5)
    }

    @Test func commonSlipsGiveOtherValues() throws {
        // T instead of T − 1 under the square root (count 1251 makes count − 1 = 1250).
        let withT = try #require(Self.paperExample(count: 1251))
        #expect(abs(withT - 0.90049) < 5e-6)
        // Excess kurtosis 10 taken as non-excess 13.
        let excess = try #require(Self.paperExample(kurtosis: 13))
        #expect(abs(excess - 0.8990) < 5e-5)
        // 252 trading days a year.
        let days252 = try #require(Self.paperExample(daysPerYear: 252))
        #expect(abs(days252 - 0.8997) < 5e-5)
        let right = try #require(Self.paperExample())
        for slip in [withT, excess, days252] { #expect(abs(slip - right) > 5e-5) }
    }

    @Test func handWorkedMomentsAndPSR() throws {
        // Returns 0.02, −0.01, 0.02, −0.01: mean 0.005, deviations ±0.015, so m2 = 0.000225, m3 = 0,
        // m4 = 0.015⁴ and kurtosis 1. Sample variance 0.000225·4/3 = 0.0003, SR = 0.005/√0.0003 = 0.5/√3.
        let moments = try #require(ReturnMoments([0.02, -0.01, 0.02, -0.01]))
        #expect(moments.count == 4)
        #expect(abs(moments.sharpe - 0.5 / 3.0.squareRoot()) < 1e-15)
        #expect(abs(moments.skewness) < 1e-12)
        #expect(abs(moments.kurtosis - 1) < 1e-12)
        // PSR(0) = Φ(SR·√(T − 1) / √(1 − 0 + (1 − 1)/4·SR²)) = Φ(0.5).
        let psr = try #require(SharpeStatistics.probabilisticSharpe(moments, benchmark: 0))
        #expect(abs(psr - 0.691_462_461_274_013_1) < 1e-15)
        // At SR* = SR the probability is one half whatever the moments.
        #expect(try #require(SharpeStatistics.probabilisticSharpe(moments, benchmark: moments.sharpe)) == 0.5)
    }

    @Test func skewedMoments() throws {
        // 0, 0, 0, 4: mean 1, deviations −1, −1, −1, 3: m2 = 3, m3 = (−3 + 27)/4 = 6, m4 = (3 + 81)/4 = 21.
        let moments = try #require(ReturnMoments([0, 0, 0, 4]))
        #expect(abs(moments.skewness - 6 / (3 * 3.0.squareRoot())) < 1e-15)
        #expect(abs(moments.kurtosis - 21.0 / 9) < 1e-15)
        #expect(abs(moments.sharpe - 1 / 4.0.squareRoot()) < 1e-15)  // sample variance 3·4/3 = 4
    }

    @Test func undefinedStatisticsAreNil() {
        #expect(ReturnMoments([0.01]) == nil)
        #expect(ReturnMoments([]) == nil)
        #expect(ReturnMoments([0.01, 0.01, 0.01]) == nil)
        #expect(ReturnMoments([0.01, .nan]) == nil)
        #expect(SharpeStatistics.expectedMaximumSharpe(trials: 1, variance: 0.1) == nil)
        #expect(SharpeStatistics.expectedMaximumSharpe(trials: 10, variance: -0.1) == nil)
        #expect(SharpeStatistics.expectedMaximumSharpe(trials: 10, variance: 0) == 0)
        #expect(SharpeStatistics.variance(ofSharpes: [0.1]) == nil)
        // A denominator 1 − γ3·SR + (γ4 − 1)/4·SR² that is not positive.
        let impossible = ReturnMoments(count: 100, sharpe: 1, skewness: 5, kurtosis: 3)
        #expect(SharpeStatistics.probabilisticSharpe(impossible, benchmark: 0) == nil)
        #expect(SharpeStatistics.probabilisticSharpe(ReturnMoments(count: 1, sharpe: 0.1, skewness: 0, kurtosis: 3), benchmark: 0) == nil)
    }

    @Test func varianceOfSharpesUsesDdofOne() throws {
        #expect(try #require(SharpeStatistics.variance(ofSharpes: [0.1, 0.2, 0.3])) - 0.01 < 1e-17)
        #expect(abs(try #require(SharpeStatistics.variance(ofSharpes: [0.1, 0.2, 0.3])) - 0.01) < 1e-17)
    }
}
