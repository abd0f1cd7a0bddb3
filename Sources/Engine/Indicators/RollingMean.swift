/// Rolling mean with compensated summation, bit-for-bit as pandas' `rolling(n).mean()`.
///
/// One running sum is kept; values leaving the window and values entering it each have their own
/// Kahan compensation term. When the last `n` values added were all equal the mean is that
/// value exactly. Prices on a tick grid often make two averages exactly equal, and only careful
/// rounding keeps such a tie a tie: a plain running sum drifts and flips crossovers.
public enum RollingMean {
    /// Means of windows of `period` values; NaN until the window is full.
    public static func compute(_ values: [Double], period: Int) -> [Double] {
        precondition(period >= 1)
        let n = values.count
        var output = [Double](repeating: .nan, count: n)
        guard n > 0 else { return output }
        values.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { out in
                var sum = 0.0
                var addCompensation = 0.0
                var removeCompensation = 0.0
                var observations = 0
                var negatives = 0
                var sameRun = 0
                var previous = x[0]
                for i in 0..<n {
                    if i >= period {
                        let value = x[i - period]
                        if value == value {
                            observations -= 1
                            let y = -value - removeCompensation
                            let t = sum + y
                            removeCompensation = t - sum - y
                            sum = t
                            if value.sign == .minus { negatives -= 1 }
                        }
                    }
                    let value = x[i]
                    if value == value {
                        observations += 1
                        let y = value - addCompensation
                        let t = sum + y
                        addCompensation = t - sum - y
                        sum = t
                        if value.sign == .minus { negatives += 1 }
                        sameRun = value == previous ? sameRun + 1 : 1
                        previous = value
                    }
                    if observations >= period {
                        var mean = sum / Double(observations)
                        if sameRun >= observations {
                            mean = previous
                        } else if negatives == 0 && mean < 0 {
                            mean = 0
                        } else if negatives == observations && mean > 0 {
                            mean = 0
                        }
                        out[i] = mean
                    }
                }
            }
        }
        return output
    }
}
