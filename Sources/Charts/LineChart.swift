import Foundation

/// Overlaid lines over a time axis: equity curves, drawdowns, thumbnails.
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        /// Legend text.
        public var name: String
        /// UTC epoch ms, increasing.
        public var times: [Int64]
        /// One value per time.
        public var values: [Double]
        /// Line colour.
        public var color: Color
        /// Emphasised (drawn thicker and last, on top).
        public var emphasized: Bool
        /// A reference for the other lines (buy and hold): drawn first, under them, always solid.
        public var reference: Bool

        /// A series.
        public init(name: String, times: [Int64], values: [Double], color: Color, emphasized: Bool = false, reference: Bool = false) {
            self.name = name
            self.times = times
            self.values = values
            self.color = color
            self.emphasized = emphasized
            self.reference = reference
        }

        /// Where it is drawn among the lines: references first, emphasised ones last.
        var layer: Int { reference ? 0 : emphasized ? 2 : 1 }
    }

    /// Title above the plot.
    public var title: String
    /// Label of the value axis, with its unit.
    public var yLabel: String
    /// The lines.
    public var series: [Series]
    /// How values are written on the axis.
    public var yFormat: ValueFormat
    /// A logarithmic value axis (used only when every value is positive).
    public var logScale: Bool
    /// Fill between each line and zero (an underwater chart).
    public var fillToZero: Bool
    /// Each line as a step function: a value holds until the next point's time, then the line
    /// jumps (a parameter chosen per walk-forward window). The last value is a bare point: repeat
    /// it at a closing time to draw its stretch.
    public var steps: Bool
    /// A dot at every point, to show where the values are when there are few.
    public var markers: Bool
    /// Values the value axis covers whatever the lines' values (the range a chosen parameter could
    /// take, say); nil: the lines' own range.
    public var covering: ClosedRange<Double>?
    /// Logical size in points (PNG pixels are twice that).
    public var width: Double
    /// Logical height.
    public var height: Double
    /// A bare sparkline: no title, axes or legend.
    public var thumbnail: Bool

    /// A chart.
    public init(
        title: String, yLabel: String, series: [Series], yFormat: ValueFormat, logScale: Bool = false, fillToZero: Bool = false,
        steps: Bool = false, markers: Bool = false, covering: ClosedRange<Double>? = nil, width: Double = 900, height: Double = 380,
        thumbnail: Bool = false
    ) {
        self.covering = covering
        self.title = title
        self.yLabel = yLabel
        self.series = series
        self.yFormat = yFormat
        self.logScale = logScale
        self.fillToZero = fillToZero
        self.steps = steps
        self.markers = markers
        self.width = width
        self.height = height
        self.thumbnail = thumbnail
    }

    /// Where everything goes: plot area, scales and ticks.
    public var layout: Layout { Layout(self) }

    /// Positions and ticks of a line chart, computed without drawing anything.
    public struct Layout: Sendable {
        /// Plot area: left, top, width, height.
        public let plot: (x: Double, y: Double, width: Double, height: Double)
        /// First and last time.
        public let timeRange: (start: Int64, end: Int64)
        /// Value axis bounds.
        public let valueRange: (lower: Double, upper: Double)
        /// Whether the value axis is logarithmic.
        public let isLog: Bool
        /// Value ticks with their labels.
        public let valueTicks: [(value: Double, label: String)]
        /// Time ticks.
        public let timeTicks: [DateTicks.Tick]
        /// Legend entries (shown when there is more than one series).
        public let legend: [(name: String, color: Color)]
        /// Rows the legend takes under the plot.
        public let legendRows: [[Int]]
        /// Width of one legend entry.
        public let legendEntryWidth: Double
        /// Whether lines are drawn as step functions.
        public let steps: Bool

        init(_ chart: LineChart) {
            let values = chart.series.flatMap(\.values).filter(\.isFinite)
            let times = chart.series.flatMap(\.times)
            let start = times.min() ?? 0
            let end = times.max() ?? 1
            timeRange = (start, max(end, start + 1))
            var low = values.min() ?? 0
            var high = values.max() ?? 1
            if chart.fillToZero {
                low = min(low, 0)
                high = max(high, 0)
            }
            if let covering = chart.covering {
                low = min(low, covering.lowerBound)
                high = max(high, covering.upperBound)
            }
            isLog = chart.logScale && low > 0
            steps = chart.steps
            if isLog {
                // A little room above and below, the same in log terms, so lines leave the frame.
                let pad = pow(10, 0.03 * (log10(high) - log10(low)))
                let ticks = NiceScale.logTicks(min: low, max: high)
                valueRange = (low / pad, high * pad)
                valueTicks = ticks.map { ($0, chart.yFormat.axisLabel($0, step: $0 / 10)) }
            } else {
                let scale = NiceScale(min: low, max: high, maxTicks: chart.thumbnail ? 3 : 6)
                valueRange = (scale.lower, scale.upper)
                valueTicks = scale.ticks.map { ($0, chart.yFormat.axisLabel($0, step: scale.step)) }
            }
            let entries: [(name: String, color: Color)] = chart.series.count > 1 ? chart.series.map { ($0.name, $0.color) } : []
            legend = entries
            // Legend entries flow in rows under the plot, each as wide as the longest name needs
            // (about 6.6 points a character at 11 points).
            let longest = Double(entries.map(\.name.count).max() ?? 10)
            legendEntryWidth = min(chart.width - 100, max(110, longest * 6.6 + 40))
            let perRow = max(1, Int((chart.width - 100) / legendEntryWidth))
            legendRows = stride(from: 0, to: entries.count, by: perRow).map { Array($0..<min($0 + perRow, entries.count)) }
            if chart.thumbnail {
                plot = (2, 2, chart.width - 4, chart.height - 4)
                timeTicks = []
            } else {
                let left = 78.0
                let top = 40.0
                let right = 24.0
                let bottom = 46.0 + Double(legendRows.count) * 20
                plot = (left, top, chart.width - left - right, chart.height - top - bottom)
                timeTicks = DateTicks.ticks(start: timeRange.start, end: timeRange.end, maxTicks: max(2, Int(plot.width / 110)))
            }
        }

        /// Horizontal position of a time.
        public func x(_ time: Int64) -> Double {
            plot.x + plot.width * Double(time - timeRange.start) / Double(timeRange.end - timeRange.start)
        }

        /// Vertical position of a value.
        public func y(_ value: Double) -> Double {
            let t: Double
            if isLog {
                t = (log10(max(value, valueRange.lower)) - log10(valueRange.lower)) / (log10(valueRange.upper) - log10(valueRange.lower))
            } else {
                t = (value - valueRange.lower) / (valueRange.upper - valueRange.lower)
            }
            return plot.y + plot.height * (1 - (t.isFinite ? t : 0.5))
        }

        /// Where a series' points are: those with a finite value, in the order given.
        public func points(_ series: Series) -> [(x: Double, y: Double)] {
            zip(series.times, series.values).filter { $0.1.isFinite }.map { (x($0.0), y($0.1)) }
        }

        /// The corners of a series' line: its points, with a step at each new time when lines are
        /// step functions (across at the old value, then up or down to the new one).
        public func path(_ series: Series) -> [(x: Double, y: Double)] {
            let points = points(series)
            guard steps, let first = points.first else { return points }
            var corners = [first]
            for point in points.dropFirst() {
                corners.append((point.x, corners[corners.count - 1].y))
                corners.append(point)
            }
            return corners
        }
    }
}
