import Foundation
import Testing

@testable import Charts

/// The sensitivity chart's geometry, and the scatter chart's front and highlighted point, as numbers.
@Suite struct SpreadChartTests {
    @Test func boxesSitInTheirSlotsOnOneScale() throws {
        let chart = SpreadChart(
            title: "t", xLabel: "fast", yLabel: "Sharpe", categories: ["5", "10", "15", "20"],
            boxes: [
                .init(min: 0, lowerQuartile: 0.25, median: 0.5, upperQuartile: 0.75, max: 1), nil,
                .init(min: -1, lowerQuartile: -0.5, median: 0, upperQuartile: 0.5, max: 1),
                .init(min: 0, lowerQuartile: 0, median: 0, upperQuartile: 0, max: 0),
            ], marked: 2, width: 440, height: 300)
        let layout = chart.layout
        #expect(layout.yRange.lower <= -1 && layout.yRange.upper >= 1)
        let slot = layout.plot.width / 4
        #expect(layout.marks[1] == nil)
        for (i, mark) in layout.marks.enumerated() {
            guard let mark else { continue }
            #expect(abs(mark.x - (layout.plot.x + slot * (Double(i) + 0.5))) < 1e-9)
            #expect(mark.width == min(36, slot * 0.6))
            #expect(
                mark.max <= mark.upperQuartile && mark.upperQuartile <= mark.median && mark.median <= mark.lowerQuartile
                    && mark.lowerQuartile <= mark.min)
        }
        // Values map linearly: the second box's median (0) is where the first box's min (0) is.
        let zero = try #require(layout.marks[0]).min
        #expect(abs(try #require(layout.marks[2]).median - zero) < 1e-9)
        #expect(abs(layout.y(0) - zero) < 1e-9)
        #expect(layout.xTicks.map(\.label) == ["5", "10", "15", "20"])
        let png = try ChartRenderer.png(chart)
        #expect(png == (try ChartRenderer.png(chart)), "the same chart gives the same bytes")
        let check = try #require(PNGCheck(png))
        #expect(check.size == (880, 600))
    }

    @Test func crowdedLabelsAreThinned() {
        let categories = (1...60).map { "value \($0)" }
        let chart = SpreadChart(
            title: "t", xLabel: "x", yLabel: "y", categories: categories,
            boxes: categories.map { _ in .init(min: 0, lowerQuartile: 0, median: 0, upperQuartile: 1, max: 1) })
        let shown = chart.layout.xTicks.filter { !$0.label.isEmpty }
        #expect(shown.count < 20 && shown.first?.label == "value 1")
        let gaps = zip(shown, shown.dropFirst()).map { $1.x - $0.x }
        #expect(gaps.allSatisfy { $0 >= NiceScale.estimatedWidth("value 60") })
    }

    @Test func theFrontAndTheHighlightArePlacedLikeTheDots() {
        var chart = ScatterChart(
            title: "t", xLabel: "dd", yLabel: "ret", xs: [0.1, 0.2, 0.4], ys: [0.05, 0.3, 0.5], xFormat: .percent, yFormat: .percent)
        chart.front = ("Pareto front", [(0.1, 0.05), (0.4, 0.5)])
        chart.highlight = ("best", 0.2, 0.3)
        let layout = chart.layout
        #expect(layout.front.count == 2)
        #expect(abs(layout.front[0].x - layout.x(0.1)) < 1e-9 && abs(layout.front[1].y - layout.y(0.5)) < 1e-9)
        #expect(layout.highlight.map { abs($0.x - layout.x(0.2)) < 1e-9 && abs($0.y - layout.y(0.3)) < 1e-9 } == true)
    }
}
