import Foundation
import Testing

@testable import Charts

/// Step lines and point markers on a line chart.
@Suite struct LineChartStepsTests {
    func chart(steps: Bool, markers: Bool = false) -> LineChart {
        LineChart(
            title: "Chosen fast period per window", yLabel: "fast period",
            series: [.init(name: "fast", times: [0, 10, 20, 30], values: [1, 3, .nan, 2], color: Palette.series(0))],
            yFormat: .plain, steps: steps, markers: markers, width: 400, height: 300)
    }

    @Test func aStepLineHoldsEachValueUntilTheNextTime() {
        let layout = chart(steps: true).layout
        let x = [0, 10, 30].map { layout.x(Int64($0)) }
        let y = [1, 3, 2].map { layout.y($0) }
        // Across at the old value, then up or down to the new; the missing value at 20 is skipped.
        let expected = [(x[0], y[0]), (x[1], y[0]), (x[1], y[1]), (x[2], y[1]), (x[2], y[2])]
        #expect(layout.path(chart(steps: true).series[0]).elementsEqual(expected) { $0 == $1 })
        #expect(layout.points(chart(steps: true).series[0]).elementsEqual([(x[0], y[0]), (x[1], y[1]), (x[2], y[2])]) { $0 == $1 })
        // Without steps the line joins the points directly.
        let straight = chart(steps: false)
        #expect(straight.layout.path(straight.series[0]).elementsEqual(straight.layout.points(straight.series[0])) { $0 == $1 })
        #expect(!LineChart(title: "t", yLabel: "y", series: [], yFormat: .plain).steps)
    }

    @Test func aRenderedStepChartIsAWholePNGAndTheSameEveryTime() throws {
        let steps = try ChartRenderer.png(chart(steps: true, markers: true))
        #expect(steps == (try ChartRenderer.png(chart(steps: true, markers: true))))
        let png = try #require(PNGCheck(steps))
        #expect(png.size == (800, 600) as (Int, Int))
        // Steps and markers each change the picture; neither is on by default.
        let plain = try ChartRenderer.png(chart(steps: false))
        let unmarked = try ChartRenderer.png(chart(steps: true))
        #expect(steps != plain && unmarked != steps && unmarked != plain)
    }
}

extension LineChartStepsTests {
    @Test func theValueAxisCoversTheRangeAskedForBeyondTheValues() {
        let series = [LineChart.Series(name: "fast", times: [0, 10, 20], values: [25, 25, 5], color: Palette.series(0))]
        let tight = LineChart(title: "", yLabel: "", series: series, yFormat: .plain, steps: true).layout
        let covering = LineChart(title: "", yLabel: "", series: series, yFormat: .plain, steps: true, covering: 5...50).layout
        #expect(tight.valueRange.upper < 50)
        #expect(covering.valueRange.lower <= 5 && covering.valueRange.upper >= 50)
        #expect(covering.valueTicks.map(\.value).contains(50))
    }
}
