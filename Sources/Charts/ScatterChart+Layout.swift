import Foundation

extension ScatterChart {
    /// Positions and ticks of a scatter chart, computed without drawing anything.
    public struct Layout: Sendable {
        /// Points that land on the same half-point spot, drawn once as dark as that many dots
        /// laid over each other.
        public struct Dot: Sendable, Equatable {
            /// Centre, horizontally.
            public let x: Double
            /// Centre, vertically.
            public let y: Double
            /// How many points it stands for.
            public let count: Int
            /// Its opacity: `1 - (1 - dotAlpha)^count`.
            public let alpha: Double
        }

        /// Plot area: left, top, width, height.
        public let plot: (x: Double, y: Double, width: Double, height: Double)
        /// Horizontal axis bounds.
        public let xRange: (lower: Double, upper: Double)
        /// Vertical axis bounds.
        public let yRange: (lower: Double, upper: Double)
        /// Horizontal ticks with their labels.
        public let xTicks: [(value: Double, label: String)]
        /// Vertical ticks with their labels.
        public let yTicks: [(value: Double, label: String)]
        /// Positions of the line x = 0 and the line y = 0, each when 0 lies strictly inside its range.
        public let zeroLines: (x: Double?, y: Double?)
        /// The dots, in the order of each one's first point.
        public let dots: [Dot]
        /// Radius of a dot: smaller when there are many, so that clusters keep their shape.
        public let dotRadius: Double
        /// Opacity of a single point: lower when there are many, so that dense areas stay distinct.
        public let dotAlpha: Double
        /// The fitted line across the horizontal range, cut to the plot; nil without a fit or when
        /// it passes outside the plot.
        public let fitLine: (x0: Double, y0: Double, x1: Double, y1: Double)?
        /// The front's points, in points.
        public let front: [(x: Double, y: Double)]
        /// The highlighted point, in points.
        public let highlight: (x: Double, y: Double)?

        init(_ chart: ScatterChart) {
            // Room above the plot for the title, then the legend; below for ticks and caption.
            let top = 48.0
            let bottom = 50.0
            let right = 24.0
            let plotHeight = max(20, chart.height - top - bottom)
            let vertical = NiceScale.labelled(
                min: chart.ys.min() ?? 0, max: chart.ys.max() ?? 1, length: plotHeight, horizontal: false, format: chart.yFormat)
            yRange = (vertical.scale.lower, vertical.scale.upper)
            yTicks = vertical.ticks
            let left = max(78, 36 + (yTicks.map { NiceScale.estimatedWidth($0.label) }.max() ?? 0))
            plot = (left, top, max(20, chart.width - left - right), plotHeight)
            let horizontal = NiceScale.labelled(
                min: chart.xs.min() ?? 0, max: chart.xs.max() ?? 1, length: plot.width, horizontal: true, format: chart.xFormat)
            xRange = (horizontal.scale.lower, horizontal.scale.upper)
            xTicks = horizontal.ticks
            let (plot, xRange, yRange) = (plot, xRange, yRange)
            func x(_ value: Double) -> Double { plot.x + plot.width * Self.share(value, xRange) }
            func y(_ value: Double) -> Double { plot.y + plot.height * (1 - Self.share(value, yRange)) }
            zeroLines = (
                xRange.lower < 0 && xRange.upper > 0 ? x(0) : nil,
                yRange.lower < 0 && yRange.upper > 0 ? y(0) : nil
            )
            let count = chart.xs.count
            dotRadius = count <= 2000 ? 2.4 : count <= 100_000 ? 1.6 : 1.1
            dotAlpha = min(0.6, max(0.05, 40 / Double(max(count, 1)).squareRoot()))
            dots = Self.dots(chart.xs.map(x), chart.ys.map(y), alpha: dotAlpha)
            front = (chart.front?.points ?? []).map { (x($0.x), y($0.y)) }
            highlight = chart.highlight.map { (x($0.x), y($0.y)) }
            fitLine = chart.fit.flatMap { fit in
                Self.clipped(fit, xRange: xRange, yRange: yRange).map { (x($0.x0), y($0.y0), x($0.x1), y($0.y1)) }
            }
        }

        /// Points snapped to a half-point grid (a pixel of the PNG) and merged where they meet:
        /// millions of points cost no more to draw than the pixels they cover, and the picture is the
        /// same as drawing each one.
        static func dots(_ xs: [Double], _ ys: [Double], alpha: Double) -> [Dot] {
            struct Spot: Hashable {
                let x: Int
                let y: Int
            }
            var order: [Spot] = []
            var counts: [Spot: Int] = [:]
            for (x, y) in zip(xs, ys) {
                let spot = Spot(x: Int((x * 2).rounded()), y: Int((y * 2).rounded()))
                if counts[spot, default: 0] == 0 { order.append(spot) }
                counts[spot, default: 0] += 1
            }
            return order.map { spot in
                let count = counts[spot] ?? 1
                return Dot(x: Double(spot.x) / 2, y: Double(spot.y) / 2, count: count, alpha: 1 - pow(1 - alpha, Double(count)))
            }
        }

        /// The part of `fit` over `xRange` whose values lie in `yRange`, in data units.
        static func clipped(_ fit: Fit, xRange: (lower: Double, upper: Double), yRange: (lower: Double, upper: Double))
            -> (x0: Double, y0: Double, x1: Double, y1: Double)?
        {
            guard fit.slope.isFinite, fit.intercept.isFinite else { return nil }
            var low = xRange.lower
            var high = xRange.upper
            if fit.slope == 0 {
                guard fit.intercept >= yRange.lower && fit.intercept <= yRange.upper else { return nil }
            } else {
                let a = (yRange.lower - fit.intercept) / fit.slope
                let b = (yRange.upper - fit.intercept) / fit.slope
                low = max(low, min(a, b))
                high = min(high, max(a, b))
            }
            guard low < high else { return nil }
            func value(_ x: Double) -> Double { min(max(fit.slope * x + fit.intercept, yRange.lower), yRange.upper) }
            return (low, value(low), high, value(high))
        }

        /// How far `value` is along `range`, 0 at the lower end and 1 at the upper.
        static func share(_ value: Double, _ range: (lower: Double, upper: Double)) -> Double {
            (value - range.lower) / (range.upper - range.lower)
        }

        /// Horizontal position of a value.
        public func x(_ value: Double) -> Double { plot.x + plot.width * Self.share(value, xRange) }

        /// Vertical position of a value.
        public func y(_ value: Double) -> Double { plot.y + plot.height * (1 - Self.share(value, yRange)) }
    }
}
