import Foundation

/// Jensen's alpha and beta of daily returns against a benchmark's, as empyrical's `alpha_beta`
/// computes them: beta = cov(r, b) / var(b) (both ddof 0, only b centred), alpha the mean daily
/// excess return that beta does not explain, annualised by compounding: (1 + mean)^P - 1.
struct AlphaBeta {
    /// Annualised alpha.
    let alpha: Double
    /// Beta.
    let beta: Double

    /// Alpha and beta of `returns` against `benchmark` (same days), with `riskFree` per period and
    /// `periodsPerYear` periods a year; nil for fewer than 2 days or a benchmark whose variance is
    /// below 1e-30 (empyrical's cut-off).
    init?(returns: [Double], benchmark: [Double], riskFree: Double, periodsPerYear: Double) {
        let n = returns.count
        guard n >= 2, benchmark.count == n else { return nil }
        let benchmarkMean = Statistics.mean(benchmark)
        var covariance = KahanSum()
        var variance = KahanSum()
        for i in 0..<n {
            let residual = benchmark[i] - benchmarkMean
            covariance.add(residual * returns[i])
            variance.add(residual * residual)
        }
        let benchmarkVariance = variance.sum / Double(n)
        guard benchmarkVariance >= 1e-30 else { return nil }
        let beta = (covariance.sum / Double(n)) / benchmarkVariance
        var unexplained = KahanSum()
        for i in 0..<n { unexplained.add((returns[i] - riskFree) - beta * (benchmark[i] - riskFree)) }
        self.beta = beta
        alpha = pow(unexplained.sum / Double(n) + 1, periodsPerYear) - 1
    }
}
