/// Sample statistics with compensated sums.
enum Statistics {
    static func mean(_ values: [Double]) -> Double {
        var sum = KahanSum()
        for v in values { sum.add(v) }
        return sum.sum / Double(values.count)
    }

    /// Sample standard deviation (ddof 1); 0 for fewer than two values.
    static func standardDeviation(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let m = mean(values)
        var sum = KahanSum()
        for v in values { sum.add((v - m) * (v - m)) }
        return (sum.sum / Double(values.count - 1)).squareRoot()
    }
}
