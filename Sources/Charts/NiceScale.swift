import Foundation

/// Axis ticks at "nice" numbers (1, 2, 2.5 or 5 times a power of ten), after Heckbert's
/// "Nice numbers for graph labels" (Graphics Gems, 1990).
public struct NiceScale: Sendable, Equatable {
    /// Lower end of the axis (a tick).
    public let lower: Double
    /// Upper end of the axis (a tick).
    public let upper: Double
    /// Distance between ticks.
    public let step: Double

    /// A scale covering `min...max` with about `maxTicks` ticks.
    public init(min: Double, max: Double, maxTicks: Int = 6) {
        var lo = min
        var hi = max
        if !lo.isFinite || !hi.isFinite {
            lo = 0
            hi = 1
        }
        if lo > hi { swap(&lo, &hi) }
        if hi - lo < 1e-12 * Swift.max(1, abs(hi)) {
            // A flat series: give it room around its value.
            let pad = lo == 0 ? 1 : abs(lo) * 0.05
            lo -= pad
            hi += pad
        }
        let range = Self.nice(hi - lo, round: false)
        let step = Self.nice(range / Double(Swift.max(1, maxTicks - 1)), round: true)
        self.step = step
        lower = (lo / step).rounded(.down) * step
        upper = (hi / step).rounded(.up) * step
    }

    /// The tick values from lower to upper, without float dust (0.30000000000000004 -> 0.3).
    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded()) + 1
        let decimals = Swift.max(0, -Int(floor(log10(step))) + 1)
        let scale = pow(10.0, Double(decimals))
        return (0..<count).map { ((lower + Double($0) * step) * scale).rounded() / scale }
    }

    /// A nice number near `x`: rounded to the nearest nice one, or the next one up.
    static func nice(_ x: Double, round: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let niceFraction: Double
        if round {
            niceFraction = fraction < 1.5 ? 1 : fraction < 2.25 ? 2 : fraction < 3.5 ? 2.5 : fraction < 7.5 ? 5 : 10
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        }
        return niceFraction * pow(10, exponent)
    }

    /// Ticks for a logarithmic axis over positive `min...max`: 1, 2, 5 times powers of ten when the
    /// range is narrow, powers of ten alone when it spans several.
    public static func logTicks(min: Double, max: Double) -> [Double] {
        guard min > 0, max > min else { return [min] }
        let lo = floor(log10(min))
        let hi = ceil(log10(max))
        let multipliers: [Double] = hi - lo <= 1 ? [1, 1.2, 1.5, 2, 3, 4, 5, 6, 8] : hi - lo <= 3 ? [1, 2, 5] : [1]
        var ticks: [Double] = []
        var e = lo
        while e <= hi {
            for m in multipliers {
                let v = m * pow(10, e)
                if v >= min * 0.999 && v <= max * 1.001 { ticks.append((v * 1e6).rounded() / 1e6) }
            }
            e += 1
        }
        return ticks
    }
}
