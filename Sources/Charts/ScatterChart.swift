import Foundation

/// One dot per pair of values, translucent so that density shows, with an optional fitted line:
/// the chosen run's in-sample against its out-of-sample Sharpe ratio over every CSCV split.
public struct ScatterChart: Sendable {
    /// A straight line `y = slope · x + intercept`, named in the legend.
    public struct Fit: Sendable, Equatable {
        /// Rise per unit of x.
        public var slope: Double
        /// Value at x = 0.
        public var intercept: Double
        /// Legend text, such as "least squares: slope -0.41".
        public var name: String

        /// A fitted line.
        public init(slope: Double, intercept: Double, name: String) {
            self.slope = slope
            self.intercept = intercept
            self.name = name
        }
    }

    /// Title above the plot.
    public var title: String
    /// Caption of the horizontal axis.
    public var xLabel: String
    /// Caption of the vertical axis.
    public var yLabel: String
    /// Horizontal values of the plotted points, in the order given.
    public let xs: [Double]
    /// Vertical values, one per `xs`.
    public let ys: [Double]
    /// The fitted line, if any.
    public var fit: Fit?
    /// Points joined by a line and drawn larger, in order (a Pareto front), named in the legend.
    public var front: (name: String, points: [(x: Double, y: Double)])?
    /// One point ringed and named in the legend (the best run).
    public var highlight: (name: String, x: Double, y: Double)?
    /// How values are written on the horizontal axis.
    public var xFormat: ValueFormat
    /// How values are written on the vertical axis.
    public var yFormat: ValueFormat
    /// Dot colour.
    public var color: Color
    /// Logical width in points (PNG pixels are twice that).
    public var width: Double
    /// Logical height.
    public var height: Double

    /// A scatter chart of the pairs `(xs[i], ys[i])`; pairs with a non-finite value, and values past
    /// the end of the shorter array, are left out.
    public init(
        title: String, xLabel: String, yLabel: String, xs: [Double], ys: [Double], fit: Fit? = nil, xFormat: ValueFormat = .ratio,
        yFormat: ValueFormat = .ratio, color: Color = Palette.series(0), width: Double = 900, height: Double = 400
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        let pairs = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }
        self.xs = pairs.map(\.0)
        self.ys = pairs.map(\.1)
        self.fit = fit
        self.xFormat = xFormat
        self.yFormat = yFormat
        self.color = color
        self.width = width
        self.height = height
    }

    /// Where everything goes: plot area, dots, the fitted line and ticks.
    public var layout: Layout { Layout(self) }
}
