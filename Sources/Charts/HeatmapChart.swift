import Foundation

/// A grid of coloured cells with values printed where they fit: the objective over two grid
/// parameters, or variants x metrics coloured by rank.
public struct HeatmapChart: Sendable {
    /// One cell: its colour position on the scale (0...1) and its text.
    public struct Cell: Sendable, Equatable {
        /// Position on the colour scale, 0 (worst / lowest) to 1.
        public var score: Double
        /// The value as text.
        public var label: String

        /// A cell.
        public init(score: Double, label: String) {
            self.score = score
            self.label = label
        }
    }

    /// How scores become colours.
    public enum Scheme: Sendable, Equatable {
        /// Viridis: dark purple for 0 (worst or lowest), yellow for 1.
        case viridis
        /// Red below 0.5, the neutral near white at 0.5, blue above: for values centred on zero.
        case diverging

        /// The colour of a score in 0...1.
        public func color(_ score: Double) -> Color {
            switch self {
            case .viridis: Palette.viridis(score)
            case .diverging: Palette.diverging(score)
            }
        }

        /// The fill of a cell without a value, unlike any colour of the scale.
        public var missing: Color {
            switch self {
            case .viridis: Color(hex: 0xF6F6F6)
            case .diverging: Color(hex: 0xD4D4D4)
            }
        }

        /// The dash printed in a cell without a value.
        public var missingMark: Color {
            switch self {
            case .viridis: Color(hex: 0xC4C4C4)
            case .diverging: Color(hex: 0x8A8A8A)
            }
        }
    }

    /// The colour bar beside the grid: tick positions (0...1) with labels, and a caption.
    public struct ColorBar: Sendable, Equatable {
        /// Caption above the bar.
        public var caption: String
        /// Ticks.
        public var ticks: [Tick]

        /// One tick of the bar.
        public struct Tick: Sendable, Equatable {
            /// Position, 0 (bottom) to 1 (top).
            public var position: Double
            /// Label.
            public var label: String

            /// A tick.
            public init(position: Double, label: String) {
                self.position = position
                self.label = label
            }
        }

        /// A colour bar.
        public init(caption: String, ticks: [Tick]) {
            self.caption = caption
            self.ticks = ticks
        }
    }

    /// Title above.
    public var title: String
    /// Caption of the horizontal axis.
    public var xLabel: String
    /// Caption of the vertical axis.
    public var yLabel: String
    /// Column headers, left to right.
    public var columns: [String]
    /// Row headers, top to bottom.
    public var rows: [String]
    /// `cells[row][column]`; nil cells are left blank (no run there).
    public var cells: [[Cell?]]
    /// The marked cell (row, column).
    public var marked: (row: Int, column: Int)?
    /// The colour scale's legend.
    public var colorBar: ColorBar?
    /// How cell scores become colours.
    public var scheme: Scheme
    /// Logical width.
    public var width: Double
    /// Logical height.
    public var height: Double

    /// A heatmap.
    public init(
        title: String, xLabel: String, yLabel: String, columns: [String], rows: [String], cells: [[Cell?]],
        marked: (row: Int, column: Int)? = nil, colorBar: ColorBar? = nil, scheme: Scheme = .viridis, width: Double = 900,
        height: Double? = nil
    ) {
        self.scheme = scheme
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.columns = columns
        self.rows = rows
        self.cells = cells
        self.marked = marked
        self.colorBar = colorBar
        self.width = width
        self.height = height ?? min(900, max(220, 110 + 34 * Double(rows.count)))
    }

    /// The objective over two parameters: rows are `ys` from the largest at the top, columns `xs`.
    /// Colours run from the worst value (dark) to the best (yellow), so with `maximize: false` low
    /// values are bright.
    public static func objective(
        title: String, xLabel: String, yLabel: String, xs: [String], ys: [String], values: [[Double?]],
        best: (x: Int, y: Int)?, format: ValueFormat, metricTitle: String, maximize: Bool, range: (low: Double, high: Double)? = nil,
        width: Double = 900
    ) -> HeatmapChart {
        // One colour scale for several heatmaps (small multiples) when `range` is given.
        let finite = values.flatMap { $0 }.compactMap { $0 }.filter(\.isFinite)
        let low = range?.low ?? finite.min() ?? 0
        let high = range?.high ?? finite.max() ?? 1
        func score(_ v: Double) -> Double {
            let t = high > low ? (v - low) / (high - low) : 0.5
            return maximize ? t : 1 - t
        }
        // Row 0 of the chart is the largest y, as on a plotted axis.
        let rowOrder = Array(ys.indices.reversed())
        let cells = rowOrder.map { yi in
            xs.indices.map { xi in values[yi][xi].flatMap { $0.isFinite ? Cell(score: score($0), label: format.format($0)) : nil } }
        }
        var ticks: [ColorBar.Tick] = []
        if high > low {
            let scale = NiceScale(min: low, max: high, maxTicks: 5)
            ticks = scale.ticks.filter { $0 >= low - 1e-12 && $0 <= high + 1e-12 }.map {
                .init(position: score($0), label: format.axisLabel($0, step: scale.step))
            }
        } else if let only = finite.first {
            ticks = [.init(position: 0.5, label: format.format(only))]
        }
        return HeatmapChart(
            title: title, xLabel: xLabel, yLabel: yLabel, columns: xs, rows: rowOrder.map { ys[$0] }, cells: cells,
            marked: best.map { (row: ys.count - 1 - $0.y, column: $0.x) },
            colorBar: ColorBar(caption: metricTitle + (maximize ? "" : " (lower is better)"), ticks: ticks), width: width)
    }

    /// Variants x metrics coloured by rank within each metric (best bright, worst dark; ties share
    /// a rank), with each value printed.
    public static func ranks(
        title: String, variants: [String], metrics: [(title: String, higherIsBetter: Bool, format: ValueFormat)],
        values: [[Double?]]
    ) -> HeatmapChart {
        var cells = [[Cell?]](repeating: [Cell?](repeating: nil, count: metrics.count), count: variants.count)
        for (column, metric) in metrics.enumerated() {
            let present = variants.indices.compactMap { row in values[row][column].map { (row, $0) } }
            let distinct = Array(Set(present.map(\.1))).sorted(by: metric.higherIsBetter ? (>) : (<))
            for (row, value) in present {
                let rank = distinct.firstIndex(of: value)!
                let score = distinct.count > 1 ? 1 - Double(rank) / Double(distinct.count - 1) : 1
                cells[row][column] = Cell(score: score, label: metric.format.format(value))
            }
        }
        return HeatmapChart(
            title: title, xLabel: "", yLabel: "", columns: metrics.map(\.title), rows: variants, cells: cells,
            colorBar: ColorBar(
                caption: "rank in each metric", ticks: [.init(position: 1, label: "best"), .init(position: 0, label: "worst")]))
    }

    /// The fill colour of a cell.
    public func color(_ cell: Cell) -> Color { scheme.color(cell.score) }

    /// Where the grid and its labels go.
    public var layout: Layout { Layout(self) }

    /// Cell geometry.
    public struct Layout: Sendable {
        /// Grid area: left, top, width, height.
        public let grid: (x: Double, y: Double, width: Double, height: Double)
        /// Size of one cell.
        public let cell: (width: Double, height: Double)
        /// Colour bar area, when there is one.
        public let colorBar: (x: Double, y: Double, width: Double, height: Double)?

        init(_ chart: HeatmapChart) {
            let rowLabelWidth = min(260, 20 + 7.2 * Double(chart.rows.map(\.count).max() ?? 4))
            let left = rowLabelWidth + (chart.yLabel.isEmpty ? 0 : 26)
            let top = 44.0
            let headerHeight = chart.xLabel.isEmpty ? 36.0 : 52.0
            let barWidth = chart.colorBar == nil ? 0.0 : 110.0
            let gridWidth = max(40, chart.width - left - barWidth - 20)
            let gridHeight = max(20, chart.height - top - headerHeight)
            grid = (left, top, gridWidth, gridHeight)
            cell = (gridWidth / Double(max(1, chart.columns.count)), gridHeight / Double(max(1, chart.rows.count)))
            colorBar = chart.colorBar == nil ? nil : (left + gridWidth + 28, top, 16, gridHeight)
        }

        /// The rectangle of a cell.
        public func rect(row: Int, column: Int) -> (x: Double, y: Double, width: Double, height: Double) {
            (grid.x + Double(column) * cell.width, grid.y + Double(row) * cell.height, cell.width, cell.height)
        }
    }
}
