import Foundation

/// Counts of values in equal bins, coloured by which side of a reference value each bin lies: the
/// distribution of CSCV logits λ, where bins at or left of 0 are the splits in which the in-sample
/// winner did worse than the median out of sample.
public struct HistogramChart: Sendable {
    /// One bin, holding the values with `lower < value <= upper`.
    public struct Bin: Sendable, Equatable {
        /// Lower edge (excluded).
        public var lower: Double
        /// Upper edge (included).
        public var upper: Double
        /// How many values fell in the bin.
        public var count: Int

        /// A bin.
        public init(lower: Double, upper: Double, count: Int) {
            self.lower = lower
            self.upper = upper
            self.count = count
        }
    }

    /// A vertical line at a value, labelled above the plot.
    public struct Reference: Sendable, Equatable {
        /// Where the line is, on the value axis.
        public var value: Double
        /// Its short label, such as "λ = 0".
        public var label: String

        /// A reference line.
        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// Title above the plot.
    public var title: String
    /// Caption of the value axis, with its unit.
    public var xLabel: String
    /// Caption of the count axis.
    public var yLabel: String
    /// Width of every bin.
    public let binWidth: Double
    /// The bins from the lowest value's to the highest's, empty ones between included; the bars'
    /// heights are these counts (not shares), so the axis reads in splits.
    public let bins: [Bin]
    /// How many values were left out because they were not finite.
    public let ignoredCount: Int
    /// The reference line, if any.
    public var reference: Reference?
    /// Colour of bars at or left of the reference (every bar, without one).
    public var leftColor: Color
    /// Colour of bars right of the reference.
    public var rightColor: Color
    /// How values are written on the value axis.
    public var xFormat: ValueFormat
    /// Logical width in points (PNG pixels are twice that).
    public var width: Double
    /// Logical height.
    public var height: Double

    /// A histogram of the finite `values`. Bins are `(k·w, (k+1)·w]` for whole k, so every multiple
    /// of the width (0 included) is an edge and a value on an edge counts with the bin below it:
    /// λ = 0 lands left of 0, as PBO counts λ ≤ 0. Without `binWidth` (or with one that is not
    /// positive) the width is a round number giving about 40 bins; a width that would make more
    /// than 1,000 bins is widened to a round number that does not.
    public init(
        title: String, xLabel: String, yLabel: String, values: [Double], binWidth: Double? = nil, reference: Reference? = nil,
        leftColor: Color = Color(hex: 0xD55E00), rightColor: Color = Color(hex: 0x0072B2), xFormat: ValueFormat = .plain,
        width: Double = 900, height: Double = 320
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        (self.binWidth, self.bins, self.ignoredCount) = Self.binned(values, width: binWidth)
        self.reference = reference
        self.leftColor = leftColor
        self.rightColor = rightColor
        self.xFormat = xFormat
        self.width = width
        self.height = height
    }

    /// How many values the bins hold.
    public var total: Int { bins.reduce(0) { $0 + $1.count } }

    /// Where everything goes: plot area, bars and ticks.
    public var layout: Layout { Layout(self) }

    static func binned(_ values: [Double], width requested: Double?) -> (width: Double, bins: [Bin], ignored: Int) {
        var low = Double.infinity
        var high = -Double.infinity
        var ignored = 0
        for value in values {
            guard value.isFinite else {
                ignored += 1
                continue
            }
            low = min(low, value)
            high = max(high, value)
        }
        let span = max(0, high - low)
        var width =
            requested.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
            ?? NiceScale.nice(span > 0 ? span / 40 : max(abs(low.isFinite ? low : 0), 1) / 10, round: true)
        guard low <= high else { return (width, [], ignored) }
        if span / width > 1000 { width = NiceScale.nice(span / 1000, round: false) }
        // Bin numbers stay well inside Int and exact in a Double.
        let magnitude = max(abs(low), abs(high))
        if magnitude / width > 1e12 { width = NiceScale.nice(magnitude / 1e12, round: false) }
        func index(_ value: Double) -> Int { Int((value / width).rounded(.up)) - 1 }
        let first = index(low)
        var counts = [Int](repeating: 0, count: index(high) - first + 1)
        for value in values where value.isFinite { counts[index(value) - first] += 1 }
        let bins = counts.enumerated().map { offset, count in
            Bin(lower: Double(first + offset) * width, upper: Double(first + offset + 1) * width, count: count)
        }
        return (width, bins, ignored)
    }
}
