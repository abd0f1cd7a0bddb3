import Foundation

/// One box per category: the spread of some values (whiskers from min to max, a box from the
/// lower to the upper quartile, a line at the median), one category marked: the objective's spread
/// against each value of a grid parameter, the best run's value marked (a sensitivity chart).
public struct SpreadChart: Sendable {
    /// The five numbers of one box.
    public struct Box: Sendable, Equatable {
        public var min, lowerQuartile, median, upperQuartile, max: Double

        /// A box.
        public init(min: Double, lowerQuartile: Double, median: Double, upperQuartile: Double, max: Double) {
            self.min = min
            self.lowerQuartile = lowerQuartile
            self.median = median
            self.upperQuartile = upperQuartile
            self.max = max
        }
    }

    /// Title above the plot.
    public var title: String
    /// Caption of the horizontal axis (the parameter).
    public var xLabel: String
    /// Caption of the vertical axis (the objective).
    public var yLabel: String
    /// Category labels, left to right.
    public var categories: [String]
    /// One box per category; nil leaves its slot empty.
    public var boxes: [Box?]
    /// The marked category.
    public var marked: Int?
    /// How values are written on the vertical axis.
    public var yFormat: ValueFormat
    /// Logical width.
    public var width: Double
    /// Logical height.
    public var height: Double

    /// A spread chart.
    public init(
        title: String, xLabel: String, yLabel: String, categories: [String], boxes: [Box?], marked: Int? = nil,
        yFormat: ValueFormat = .ratio, width: Double = 440, height: Double = 300
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.boxes = boxes
        self.marked = marked
        self.yFormat = yFormat
        self.width = width
        self.height = height
    }

    /// Where everything goes.
    public var layout: Layout { Layout(self) }

    /// Positions, computed without drawing.
    public struct Layout: Sendable {
        /// One box's geometry, in points.
        public struct Mark: Sendable, Equatable {
            /// Horizontal centre and the box's width.
            public let x, width: Double
            /// Vertical positions of the five numbers (larger values higher, so smaller y).
            public let min, lowerQuartile, median, upperQuartile, max: Double
        }

        /// Plot area: left, top, width, height.
        public let plot: (x: Double, y: Double, width: Double, height: Double)
        /// Vertical axis bounds.
        public let yRange: (lower: Double, upper: Double)
        /// Vertical ticks.
        public let yTicks: [(value: Double, label: String)]
        /// Each category's centre and label, left to right; labels thinned to fit (empty where left out).
        public let xTicks: [(x: Double, label: String)]
        /// The boxes, one per category (nil where there is none).
        public let marks: [Mark?]

        init(_ chart: SpreadChart) {
            let top = 44.0
            let bottom = 50.0
            let right = 16.0
            let plotHeight = max(20, chart.height - top - bottom)
            let present = chart.boxes.compactMap { $0 }
            let vertical = NiceScale.labelled(
                min: present.map(\.min).min() ?? 0, max: present.map(\.max).max() ?? 1, length: plotHeight, horizontal: false,
                format: chart.yFormat)
            yRange = (vertical.scale.lower, vertical.scale.upper)
            yTicks = vertical.ticks
            let left = max(64, 30 + (yTicks.map { NiceScale.estimatedWidth($0.label) }.max() ?? 0))
            let plot = (x: left, y: top, width: max(20, chart.width - left - right), height: plotHeight)
            self.plot = plot
            let count = max(1, chart.categories.count)
            let slot = plot.width / Double(count)
            let range = yRange
            func y(_ value: Double) -> Double {
                plot.y + plot.height * (1 - (value - range.lower) / (range.upper - range.lower))
            }
            // Every k-th label, so that labels about 7 points a character wide do not overlap.
            let widest = (chart.categories.map { NiceScale.estimatedWidth($0) }.max() ?? 10) + 8
            let every = max(1, Int((widest / slot).rounded(.up)))
            xTicks = chart.categories.indices.map { i in
                (plot.x + slot * (Double(i) + 0.5), i % every == 0 ? chart.categories[i] : "")
            }
            marks = chart.boxes.enumerated().map { i, box in
                box.map {
                    Mark(
                        x: plot.x + slot * (Double(i) + 0.5), width: min(36, slot * 0.6), min: y($0.min),
                        lowerQuartile: y($0.lowerQuartile),
                        median: y($0.median), upperQuartile: y($0.upperQuartile), max: y($0.max))
                }
            }
        }

        /// Vertical position of a value.
        public func y(_ value: Double) -> Double { plot.y + plot.height * (1 - (value - yRange.lower) / (yRange.upper - yRange.lower)) }
    }
}
