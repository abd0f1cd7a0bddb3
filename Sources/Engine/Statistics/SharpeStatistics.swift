import Foundation

/// The per-period moments of a return series that the probabilistic Sharpe ratio needs.
///
/// Conventions: the Sharpe ratio is mean / standard deviation with ddof = 1 (the sample standard
/// deviation, as in Backlab's metrics), not annualised; skewness and kurtosis are the moment
/// ratios m3 / m2^1.5 and m4 / m2² of the central moments with ddof = 0 (no small-sample
/// correction), and the kurtosis is non-excess (3 for normal returns).
public struct ReturnMoments: Sendable, Equatable, Codable {
    /// T, the number of returns.
    public var count: Int
    /// The per-period Sharpe ratio: mean / sample standard deviation (ddof = 1).
    public var sharpe: Double
    /// γ3 = m3 / m2^1.5 (ddof = 0).
    public var skewness: Double
    /// γ4 = m4 / m2² (ddof = 0), non-excess: 3 for a normal distribution.
    public var kurtosis: Double

    /// The moments of `values`; nil when T < 2 or the returns do not vary (or are not finite).
    public init?(_ values: [Double]) {
        let n = values.count
        guard n >= 2 else { return nil }
        let mean = values.reduce(0, +) / Double(n)
        var m2 = 0.0
        var m3 = 0.0
        var m4 = 0.0
        for value in values {
            let d = value - mean
            let d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
        }
        m2 /= Double(n)
        m3 /= Double(n)
        m4 /= Double(n)
        guard m2 > 0, m2.isFinite, m4.isFinite else { return nil }
        let sampleVariance = m2 * Double(n) / Double(n - 1)
        self.init(count: n, sharpe: mean / sampleVariance.squareRoot(), skewness: m3 / (m2 * m2.squareRoot()), kurtosis: m4 / (m2 * m2))
    }

    /// Moments given directly (for example annualised figures converted to per period).
    public init(count: Int, sharpe: Double, skewness: Double, kurtosis: Double) {
        self.count = count
        self.sharpe = sharpe
        self.skewness = skewness
        self.kurtosis = kurtosis
    }
}

/// The probabilistic and deflated Sharpe ratios (Bailey and López de Prado, 2012 and 2014).
///
/// Everything is per period (daily for daily returns): Sharpe ratios, the benchmark SR* and the
/// variance of the trials' Sharpe ratios. Nothing is annualised.
public enum SharpeStatistics {
    /// Euler–Mascheroni constant γ.
    public static let eulerGamma = 0.577_215_664_901_532_860_606_512_090_082_402_431

    /// PSR(SR*) = Φ((SR − SR*)·√(T − 1) / √(1 − γ3·SR + (γ4 − 1)/4·SR²)); nil when T < 2 or the
    /// denominator is not positive.
    ///
    /// Bailey and López de Prado, "The Sharpe Ratio Efficient Frontier" (2012), the definition
    /// of PSR; "The Deflated Sharpe Ratio" (2014) uses it with SR* = SR0.
    public static func probabilisticSharpe(_ moments: ReturnMoments, benchmark: Double) -> Double? {
        guard moments.count >= 2, benchmark.isFinite else { return nil }
        let sr = moments.sharpe
        let variance = 1 - moments.skewness * sr + (moments.kurtosis - 1) / 4 * sr * sr
        guard variance > 0, variance.isFinite else { return nil }
        let z = (sr - benchmark) * Double(moments.count - 1).squareRoot() / variance.squareRoot()
        guard z.isFinite else { return nil }
        return NormalDistribution.cdf(z)
    }

    /// SR0 = √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), the expected maximum of N Sharpe
    /// ratios of zero true Sharpe whose variance is V; nil when N < 2 or V < 0.
    ///
    /// "The Deflated Sharpe Ratio" (2014), the SR0 in the definition of DSR (the expected
    /// maximum of N independent Sharpe ratio estimates under the null).
    public static func expectedMaximumSharpe(trials: Int, variance: Double) -> Double? {
        guard trials >= 2, variance >= 0, variance.isFinite else { return nil }
        let n = Double(trials)
        guard let first = NormalDistribution.quantile(1 - 1 / n),
            let second = NormalDistribution.quantile(1 - 1 / (n * M_E))
        else { return nil }
        return variance.squareRoot() * ((1 - eulerGamma) * first + eulerGamma * second)
    }

    /// DSR = PSR(SR0): the probability that the true Sharpe ratio is positive, allowing for the
    /// best of `trials` trials whose Sharpe ratios have variance `variance` having been chosen.
    public static func deflatedSharpe(_ moments: ReturnMoments, trials: Int, variance: Double) -> Double? {
        guard let sr0 = expectedMaximumSharpe(trials: trials, variance: variance) else { return nil }
        return probabilisticSharpe(moments, benchmark: sr0)
    }

    /// V, the sample variance (ddof = 1) of the trials' per-period Sharpe ratios; nil for fewer
    /// than 2 trials.
    public static func variance(ofSharpes sharpes: [Double]) -> Double? {
        guard sharpes.count >= 2 else { return nil }
        let mean = sharpes.reduce(0, +) / Double(sharpes.count)
        let sum = sharpes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let result = sum / Double(sharpes.count - 1)
        return result.isFinite ? result : nil
    }
}
