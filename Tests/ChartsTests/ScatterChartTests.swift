import Foundation
import Testing

@testable import Charts

/// The scatter chart as numbers: ranges, ticks, zero lines, merged dots and the clipped fit.
@Suite struct ScatterChartTests {
    /// Four points, a non-finite pair and an x without a y.
    func chart(fit: ScatterChart.Fit? = nil) -> ScatterChart {
        ScatterChart(
            title: "t", xLabel: "in-sample Sharpe", yLabel: "out-of-sample Sharpe", xs: [-1, 0.5, .nan, 2, 3, 7],
            ys: [1, -0.5, 4, 0.25, 2], fit: fit, width: 500, height: 300)
    }

    @Test func nonFinitePairsAndUnmatchedValuesAreLeftOut() {
        let chart = chart()
        #expect(chart.xs == [-1, 0.5, 2, 3] && chart.ys == [1, -0.5, 0.25, 2])
    }

    @Test func layoutMapsTheDataIntoThePlotWithRoundTicks() {
        let layout = chart().layout
        // 48 points above for the title and legend, 50 below, 78 left, 24 right.
        #expect(layout.plot == (78, 48, 398, 202) as (Double, Double, Double, Double))
        // As few decimals as the step needs.
        #expect(layout.xTicks.map(\.label) == ["-1", "0", "1", "2", "3"])
        #expect(layout.yTicks.map(\.label) == ["-0.5", "0.0", "0.5", "1.0", "1.5", "2.0"])
        #expect(layout.xRange == (-1, 3) as (Double, Double) && layout.yRange == (-0.5, 2) as (Double, Double))
        #expect(layout.x(-1) == 78 && layout.x(3) == 476 && layout.y(-0.5) == 250 && layout.y(2) == 48)
        // 0 lies inside both ranges: a quarter along x, a fifth up y.
        #expect(layout.zeroLines.x == 177.5 && abs((layout.zeroLines.y ?? 0) - 209.6) < 1e-9)
        let positive = ScatterChart(title: "t", xLabel: "x", yLabel: "y", xs: [1, 2], ys: [1, 2]).layout
        #expect(positive.zeroLines.x == nil && positive.zeroLines.y == nil)
    }

    @Test func dotsMergeWhereTheyMeetInTheOrderOfTheirFirstPoint() {
        let layout = ScatterChart(title: "t", xLabel: "x", yLabel: "y", xs: [1, 2, 1], ys: [1, 2, 1]).layout
        #expect(layout.dots.map(\.count) == [2, 1])
        #expect(layout.dots[0].x == layout.x(1) && layout.dots[0].y == layout.y(1))
        // Three points: each at the highest single opacity, 0.6; two laid over each other 1 - 0.4².
        #expect(layout.dotAlpha == 0.6 && abs(layout.dots[0].alpha - 0.84) < 1e-12 && layout.dots[1].alpha == 0.6)
        // 12,870 splits: fainter and smaller dots, 40 / √12,870 opaque each.
        let xs = (0..<12_870).map { Double($0 % 113) / 10 }
        let many = ScatterChart(title: "t", xLabel: "x", yLabel: "y", xs: xs, ys: xs.map { -$0 }).layout
        #expect(abs(many.dotAlpha - 40 / 12_870.0.squareRoot()) < 1e-12 && many.dotRadius == 1.6)
        #expect(many.dots.count == 113 && many.dots.map(\.count).reduce(0, +) == 12_870)
    }

    @Test func theFittedLineIsCutToThePlot() throws {
        // y = x over x in -1...3 leaves the plot below y = -0.5 and above y = 2.
        let identity = chart(fit: .init(slope: 1, intercept: 0, name: "y = x")).layout
        guard let line = identity.fitLine else {
            Issue.record("y = x has no line in the plot")
            return
        }
        #expect(line.x0 == identity.x(-0.5) && line.y0 == 250 && line.x1 == identity.x(2) && line.y1 == 48)
        // A shallow falling line crosses the whole x range until it reaches y = -0.5 at x = 0.5 / 0.41.
        let falling = chart(fit: .init(slope: -0.41, intercept: 0, name: "least squares: slope -0.41")).layout
        #expect(falling.fitLine?.x0 == 78 && abs((falling.fitLine?.y0 ?? 0) - falling.y(0.41)) < 1e-9)
        #expect(abs((falling.fitLine?.x1 ?? 0) - falling.x(0.5 / 0.41)) < 1e-9 && abs((falling.fitLine?.y1 ?? 0) - 250) < 1e-9)
        // A flat line above the plot, or one with no finite slope, is not drawn.
        #expect(chart(fit: .init(slope: 0, intercept: 5, name: "high")).layout.fitLine == nil)
        #expect(chart(fit: .init(slope: .nan, intercept: 0, name: "nan")).layout.fitLine == nil)
        let flat = chart(fit: .init(slope: 0, intercept: 1, name: "flat")).layout.fitLine
        #expect(flat?.x0 == 78 && flat?.x1 == 476 && flat?.y0 == flat?.y1)
    }

    @Test func aRenderedScatterChartIsAWholePNGAndTheSameEveryTime() throws {
        let inSample = (0..<12_870).map { i in 0.5 + 0.3 * sin(Double(i) * 0.731) }
        let outOfSample = inSample.enumerated().map { i, x in -0.4 * x + 0.25 * cos(Double(i) * 2.17) }
        let chart = ScatterChart(
            title: "In-sample and out-of-sample Sharpe ratio of the chosen run", xLabel: "in-sample Sharpe",
            yLabel: "out-of-sample Sharpe", xs: inSample, ys: outOfSample,
            fit: .init(slope: -0.4, intercept: 0, name: "least squares: slope -0.40"))
        let first = try ChartRenderer.png(chart)
        #expect(first == (try ChartRenderer.png(chart)))
        let png = try #require(PNGCheck(first))
        #expect(png.size == (1800, 800) as (Int, Int))
        var bare = chart
        bare.fit = nil
        #expect(try ChartRenderer.png(bare) != first)
    }
}
