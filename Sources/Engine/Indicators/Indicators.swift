/// Technical indicators over price columns. Each returns one value per bar, NaN where the
/// indicator is not yet defined (its warm-up), and uses only data up to and including that bar.
public enum Indicators {
    /// Simple moving average of the last `period` values (pandas-exact; see `RollingMean`).
    public static func sma(_ values: [Double], period: Int) -> [Double] {
        RollingMean.compute(values, period: period)
    }

    /// Exponential moving average with alpha = 2 / (period + 1), seeded with the simple mean
    /// of the first `period` values (defined from index period - 1).
    public static func ema(_ values: [Double], period: Int) -> [Double] {
        let n = values.count
        var output = [Double](repeating: .nan, count: n)
        guard n >= period, period >= 1 else { return output }
        let alpha = 2.0 / Double(period + 1)
        var seed = KahanSum()
        for i in 0..<period { seed.add(values[i]) }
        var value = seed.sum / Double(period)
        output[period - 1] = value
        for i in period..<n {
            value += alpha * (values[i] - value)
            output[i] = value
        }
        return output
    }

    /// Wilder's relative strength index: average gain and loss seeded with the mean of the first
    /// `period` changes, then smoothed by (avg * (period - 1) + x) / period. 100 when there were no
    /// losses, 50 when the price did not move at all. Defined from index `period`.
    public static func rsi(_ close: [Double], period: Int) -> [Double] {
        let n = close.count
        var output = [Double](repeating: .nan, count: n)
        guard n > period, period >= 1 else { return output }
        var gain = 0.0
        var loss = 0.0
        for i in 1...period {
            let change = close[i] - close[i - 1]
            if change > 0 { gain += change } else { loss -= change }
        }
        gain /= Double(period)
        loss /= Double(period)
        let p = Double(period)
        func value(_ gain: Double, _ loss: Double) -> Double {
            if loss == 0 { return gain == 0 ? 50 : 100 }
            return 100 - 100 / (1 + gain / loss)
        }
        output[period] = value(gain, loss)
        if period + 1 < n {
            for i in (period + 1)..<n {
                let change = close[i] - close[i - 1]
                gain = (gain * (p - 1) + max(change, 0)) / p
                loss = (loss * (p - 1) + max(-change, 0)) / p
                output[i] = value(gain, loss)
            }
        }
        return output
    }

    /// True range: high - low on the first bar, then the largest of high - low, |high - previous
    /// close| and |low - previous close|.
    public static func trueRange(high: [Double], low: [Double], close: [Double]) -> [Double] {
        let n = close.count
        var output = [Double](repeating: 0, count: n)
        guard n > 0 else { return output }
        high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in
                close.withUnsafeBufferPointer { c in
                    output.withUnsafeMutableBufferPointer { out in
                        out[0] = h[0] - l[0]
                        for i in 1..<n {
                            let previous = c[i - 1]
                            out[i] = Swift.max(Swift.max(h[i] - l[i], abs(h[i] - previous)), abs(l[i] - previous))
                        }
                    }
                }
            }
        }
        return output
    }

    /// Wilder's average true range: the mean of the first `period` true ranges at index period - 1,
    /// then (atr * (period - 1) + tr) / period.
    public static func atr(high: [Double], low: [Double], close: [Double], period: Int) -> [Double] {
        var output = trueRange(high: high, low: low, close: close)
        let n = output.count
        guard n >= period, period >= 1 else { return [Double](repeating: .nan, count: n) }
        output.withUnsafeMutableBufferPointer { values in
            // In place: each true range is read once, just before its slot is overwritten.
            var seed = KahanSum()
            for i in 0..<period { seed.add(values[i]) }
            for i in 0..<(period - 1) { values[i] = .nan }
            var value = seed.sum / Double(period)
            values[period - 1] = value
            // (atr * (p - 1) + tr) / p as two multiplications: a division in the loop-carried
            // chain made ATR the slowest indicator (1 ulp of difference, no reference depends on it).
            let p = Double(period)
            let decay = (p - 1) / p
            let weight = 1 / p
            for i in period..<n {
                value = value * decay + values[i] * weight
                values[i] = value
            }
        }
        return output
    }

    /// Bollinger bands: the simple mean of `period` closes and that mean plus and minus `width`
    /// population standard deviations of the same window.
    public static func bollinger(_ values: [Double], period: Int, width: Double) -> (middle: [Double], upper: [Double], lower: [Double]) {
        let middle = sma(values, period: period)
        let n = values.count
        var upper = [Double](repeating: .nan, count: n)
        var lower = upper
        guard n >= period, period >= 1 else { return (middle, upper, lower) }
        for i in (period - 1)..<n {
            // Two passes over the window: exact enough for any price level, and periods are short.
            var sum = 0.0
            for j in (i + 1 - period)...i { sum += values[j] }
            let mean = sum / Double(period)
            var squares = 0.0
            for j in (i + 1 - period)...i {
                let d = values[j] - mean
                squares += d * d
            }
            let deviation = (squares / Double(period)).squareRoot()
            upper[i] = middle[i] + width * deviation
            lower[i] = middle[i] - width * deviation
        }
        return (middle, upper, lower)
    }

    /// Donchian channel of the `period` bars before each bar (the bar itself excluded, so that a
    /// close above the upper band is a breakout): highest high and lowest low. Defined from index `period`.
    public static func donchian(high: [Double], low: [Double], period: Int) -> (upper: [Double], lower: [Double]) {
        let n = high.count
        var upper = [Double](repeating: .nan, count: n)
        var lower = upper
        guard n > period, period >= 1 else { return (upper, lower) }
        var maxWindow = MonotoneWindow(keepsLargest: true, capacity: n)
        var minWindow = MonotoneWindow(keepsLargest: false, capacity: n)
        for i in 0..<n {
            if i >= period {
                upper[i] = maxWindow.extreme(high, windowStart: i - period)
                lower[i] = minWindow.extreme(low, windowStart: i - period)
            }
            maxWindow.push(i, high)
            minWindow.push(i, low)
        }
        return (upper, lower)
    }

    /// MACD: EMA(fast) - EMA(slow), its signal line EMA(signal) of that difference, and the histogram.
    public static func macd(_ values: [Double], fast: Int, slow: Int, signal: Int) -> (macd: [Double], signal: [Double]) {
        let fastEMA = ema(values, period: fast)
        let slowEMA = ema(values, period: slow)
        let n = values.count
        var line = [Double](repeating: .nan, count: n)
        for i in 0..<n { line[i] = fastEMA[i] - slowEMA[i] }
        let first = line.firstIndex { !$0.isNaN } ?? n
        var signalLine = [Double](repeating: .nan, count: n)
        if first < n {
            let tail = ema(Array(line[first...]), period: signal)
            for (offset, value) in tail.enumerated() { signalLine[first + offset] = value }
        }
        return (line, signalLine)
    }
}

/// Compensated (Kahan) summation.
struct KahanSum {
    private(set) var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ value: Double) {
        let y = value - compensation
        let t = sum + y
        compensation = t - sum - y
        sum = t
    }
}

/// Sliding-window maximum or minimum in amortised O(1) per bar (a monotone deque of indices).
struct MonotoneWindow {
    private var indices: [Int]
    private var head = 0
    private let keepsLargest: Bool

    init(keepsLargest: Bool, capacity: Int) {
        self.keepsLargest = keepsLargest
        indices = []
        indices.reserveCapacity(capacity)
    }

    mutating func push(_ index: Int, _ values: [Double]) {
        let value = values[index]
        while indices.count > head {
            let last = values[indices[indices.count - 1]]
            if keepsLargest ? last <= value : last >= value { indices.removeLast() } else { break }
        }
        indices.append(index)
    }

    mutating func extreme(_ values: [Double], windowStart: Int) -> Double {
        while indices[head] < windowStart { head += 1 }
        return values[indices[head]]
    }
}
