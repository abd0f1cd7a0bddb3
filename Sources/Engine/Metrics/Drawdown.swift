/// Drawdowns of an equity curve, in one pass over the bars.
///
/// A drawdown runs from a peak bar (one whose equity is at least every earlier bar's) to the next
/// such bar, its recovery, or to the last bar when it has not recovered; it has at least one bar
/// below the peak. These are backtesting.py's drawdown periods (`compute_drawdown_duration_peaks`).
struct Drawdown {
    /// Largest fall from a running peak, as a positive fraction.
    var maximum = 0.0
    /// Longest run of consecutive bars below the running peak.
    var longestDuration = 0
    /// The highest equity; nil for an empty curve.
    var peak: Double?
    /// Drawdowns counted (those under a positive peak).
    var count = 0
    /// Sum over drawdowns of their deepest 1 - E_t / peak.
    var depthSum = KahanSum()
    /// Sum over drawdowns of their bars from the peak bar to the recovery bar (or the last bar).
    var durationSum = 0

    /// Mean depth of the drawdowns; nil when there is none.
    var averageDepth: Double? { count == 0 ? nil : depthSum.sum / Double(count) }
    /// Mean duration of the drawdowns in bars; nil when there is none.
    var averageDuration: Double? { count == 0 ? nil : Double(durationSum) / Double(count) }

    init(equity: [Double]) {
        // Within one stretch under a peak the deepest point is the lowest value (division by the
        // same positive peak keeps the order, also when rounded), so one division per stretch
        // gives exactly the maximum of 1 - E_t / peak over every bar.
        var peak = -Double.infinity
        var peakBar = 0
        var lowest = Double.infinity
        var run = 0
        func close(at bar: Int) {
            guard run > 0, peak > 0, lowest < peak else { return }
            let depth = 1 - lowest / peak
            maximum = max(maximum, depth)
            count += 1
            depthSum.add(depth)
            durationSum += bar - peakBar
        }
        for (bar, value) in equity.enumerated() {
            if value >= peak {
                close(at: bar)
                peak = value
                peakBar = bar
                lowest = .infinity
                run = 0
            } else {
                run += 1
                if run > longestDuration { longestDuration = run }
                if value < lowest { lowest = value }
            }
        }
        close(at: equity.count - 1)
        if !equity.isEmpty { self.peak = peak }
    }
}
