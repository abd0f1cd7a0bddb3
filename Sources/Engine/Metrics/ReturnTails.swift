/// The tails of a return series as empyrical measures them (`value_at_risk`,
/// `conditional_value_at_risk`, `tail_ratio`): percentiles of the sorted returns, interpolated
/// linearly between neighbours as `numpy.percentile` does by default.
struct ReturnTails {
    /// The returns, ascending.
    let sorted: [Double]

    /// The tails of `returns`; nil when there are none.
    init?(_ returns: [Double]) {
        guard !returns.isEmpty else { return nil }
        sorted = returns.sorted()
    }

    /// `numpy.percentile(returns, q)`, method `linear`: the value at index (n - 1) * q / 100.
    func percentile(_ q: Double) -> Double {
        let position = Double(sorted.count - 1) * (q / 100)
        guard position < Double(sorted.count - 1) else { return sorted[sorted.count - 1] }
        guard position >= 0 else { return sorted[0] }
        let below = position.rounded(.down)
        let gamma = position - below
        let a = sorted[Int(below)]
        let b = sorted[Int(below) + 1]
        // numpy's _lerp: from the nearer neighbour, so that gamma = 1 gives b exactly.
        let difference = b - a
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    }

    /// Daily value at risk at 95%: the 5th percentile of the returns (a loss is negative).
    var valueAtRisk: Double { percentile(5) }

    /// Conditional value at risk at 95%: the mean of the k + 1 lowest returns, k = floor((n - 1) * 0.05).
    var conditionalValueAtRisk: Double {
        let k = Int(Double(sorted.count - 1) * 0.05)
        return Statistics.mean(Array(sorted[...k]))
    }

    /// |95th percentile| / |5th percentile|; nil when the 5th percentile is 0.
    var tailRatio: Double? {
        let left = abs(percentile(5))
        return left > 0 ? abs(percentile(95)) / left : nil
    }
}
