import Foundation

extension HistogramChart {
    /// Positions, bars and ticks of a histogram, computed without drawing anything.
    public struct Layout: Sendable {
        /// One bar: its bin, rectangle and colour.
        public struct Bar: Sendable, Equatable {
            /// The bin it shows.
            public let bin: Bin
            /// Left edge.
            public let x: Double
            /// Top edge.
            public let y: Double
            /// Width.
            public let width: Double
            /// Height (0 for an empty bin).
            public let height: Double
            /// Fill colour: the left or right colour by the bin's side of the reference.
            public let color: Color
        }

        /// Plot area: left, top, width, height.
        public let plot: (x: Double, y: Double, width: Double, height: Double)
        /// Value axis bounds.
        public let valueRange: (lower: Double, upper: Double)
        /// Count axis bounds (the lower one is 0).
        public let countRange: (lower: Double, upper: Double)
        /// Value ticks with their labels.
        public let xTicks: [(value: Double, label: String)]
        /// Count ticks with their labels (whole counts only).
        public let yTicks: [(value: Double, label: String)]
        /// One bar per bin, left to right.
        public let bars: [Bar]
        /// The reference line's position and label.
        public let reference: (x: Double, label: String)?

        /// The bins, left to right.
        public var bins: [Bin] { bars.map(\.bin) }

        init(_ chart: HistogramChart) {
            // Room above the plot for the title, then the reference label; below for ticks and caption.
            let top = 48.0
            let bottom = 50.0
            let right = 24.0
            let plotHeight = max(20, chart.height - top - bottom)
            let most = chart.bins.map(\.count).max() ?? 0
            let counts = NiceScale.labelled(min: 0, max: Double(max(most, 1)), length: plotHeight, horizontal: false, format: .count)
            if counts.scale.step >= 1 && counts.scale.step.rounded() == counts.scale.step {
                countRange = (0, counts.scale.upper)
                yTicks = counts.ticks
            } else {
                // A tick between whole counts would read as half a split: steps of 0.5 become 1, of 2.5 become 5.
                let step = counts.scale.step < 1 ? 1 : 5
                let upper = (max(most, 1) + step - 1) / step * step
                countRange = (0, Double(upper))
                yTicks = stride(from: 0, through: upper, by: step).map { (Double($0), ValueFormat.count.format(Double($0))) }
            }
            // The count labels, right-aligned 8 points left of the plot, clear of the vertical caption.
            let left = max(78, 36 + (yTicks.map { NiceScale.estimatedWidth($0.label) }.max() ?? 0))
            plot = (left, top, max(20, chart.width - left - right), plotHeight)
            var low = chart.bins.first?.lower ?? 0
            var high = chart.bins.last?.upper ?? 1
            if let reference = chart.reference, reference.value.isFinite {
                low = min(low, reference.value)
                high = max(high, reference.value)
            }
            let values = NiceScale.labelled(min: low, max: high, length: plot.width, horizontal: true, format: chart.xFormat)
            valueRange = (values.scale.lower, values.scale.upper)
            xTicks = values.ticks
            let referenceValue = chart.reference.flatMap { $0.value.isFinite ? $0.value : nil }
            // An edge a hair above the reference from float arithmetic (3 × 0.1) still counts as on it.
            let tolerance = chart.binWidth * 1e-9
            var bars: [Bar] = []
            for bin in chart.bins {
                let x0 = Self.position(bin.lower, plot.x, plot.width, valueRange)
                let x1 = Self.position(bin.upper, plot.x, plot.width, valueRange)
                let height = plot.height * Double(bin.count) / countRange.upper
                let left = referenceValue.map { bin.upper <= $0 + tolerance } ?? true
                bars.append(
                    Bar(
                        bin: bin, x: x0, y: plot.y + plot.height - height, width: x1 - x0, height: height,
                        color: left ? chart.leftColor : chart.rightColor))
            }
            self.bars = bars
            let (plot, valueRange) = (plot, valueRange)
            reference = referenceValue.map { (Self.position($0, plot.x, plot.width, valueRange), chart.reference?.label ?? "") }
        }

        static func position(_ value: Double, _ start: Double, _ length: Double, _ range: (lower: Double, upper: Double)) -> Double {
            start + length * (value - range.lower) / (range.upper - range.lower)
        }

        /// Horizontal position of a value.
        public func x(_ value: Double) -> Double { Self.position(value, plot.x, plot.width, valueRange) }

        /// Vertical position of a count.
        public func y(_ count: Double) -> Double { plot.y + plot.height * (1 - count / countRange.upper) }
    }
}
