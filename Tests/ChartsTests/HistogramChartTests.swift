import Foundation
import Testing

@testable import Charts

/// The histogram as numbers: bins, colours by side, axis ticks and bar positions.
@Suite struct HistogramChartTests {
    let values = [-0.75, -0.5, -0.1, 0, 0.2, 0.5, 0.6, 1.4, .nan, .infinity]

    @Test func binsAreRightClosedOnMultiplesOfTheWidth() {
        let chart = HistogramChart(title: "t", xLabel: "λ", yLabel: "splits", values: values, binWidth: 0.5)
        // -0.5 and 0 sit on edges and count with the bin below; the two non-finite values are left out.
        #expect(
            chart.bins == [
                .init(lower: -1, upper: -0.5, count: 2), .init(lower: -0.5, upper: 0, count: 2), .init(lower: 0, upper: 0.5, count: 2),
                .init(lower: 0.5, upper: 1, count: 1), .init(lower: 1, upper: 1.5, count: 1),
            ])
        #expect(chart.ignoredCount == 2 && chart.total == 8)
        // Empty bins between the lowest and the highest are kept, so bars stay evenly spaced.
        let gap = HistogramChart(title: "t", xLabel: "x", yLabel: "y", values: [0.1, 2.9], binWidth: 1)
        #expect(gap.bins.map(\.count) == [1, 0, 1] && gap.bins.first?.lower == 0 && gap.bins.last?.upper == 3)
    }

    @Test func aMedianRankLogitOfZeroCountsLeftAsPBODoes() {
        // Nine runs: λ = ln(r / (10 - r)) for the ranks 1...9; rank 5 gives exactly 0, and PBO counts λ <= 0.
        let logits = (1...9).map { log(Double($0) / Double(10 - $0)) }
        let chart = HistogramChart(
            title: "t", xLabel: "λ", yLabel: "splits", values: logits, binWidth: 0.5, reference: .init(value: 0, label: "λ = 0"))
        let bars = chart.layout.bars
        let left = bars.filter { $0.color == chart.leftColor }.map(\.bin.count).reduce(0, +)
        let right = bars.filter { $0.color == chart.rightColor }.map(\.bin.count).reduce(0, +)
        #expect(left == 5 && right == 4)
        #expect(bars.filter { $0.color == chart.leftColor }.last?.bin.upper == 0)
    }

    @Test func barsTakeTheirSideOfTheReference() {
        let zero = HistogramChart(
            title: "t", xLabel: "λ", yLabel: "splits", values: values, binWidth: 0.5, reference: .init(value: 0, label: "λ = 0"))
        let colors = zero.layout.bars.map(\.color)
        #expect(colors == [zero.leftColor, zero.leftColor, zero.rightColor, zero.rightColor, zero.rightColor])
        // A reference inside a bin leaves that bin on the right: only bins ending at or before it are left.
        var inside = zero
        inside.reference = .init(value: 0.3, label: "0.3")
        #expect(inside.layout.bars.map(\.color) == colors)
        // Float dust (3 x 0.1 = 0.30000000000000004) does not move an edge off the reference.
        let tenths = HistogramChart(
            title: "t", xLabel: "x", yLabel: "y", values: [0.25, 0.35], binWidth: 0.1, reference: .init(value: 0.3, label: "r"))
        #expect(tenths.layout.bars.map(\.color) == [tenths.leftColor, tenths.rightColor])
        // Without a reference every bar has the left colour.
        var none = zero
        none.reference = nil
        #expect(none.layout.bars.allSatisfy { $0.color == none.leftColor } && none.layout.reference == nil)
    }

    @Test func layoutPlacesBarsTicksAndTheReferenceLine() {
        let chart = HistogramChart(
            title: "t", xLabel: "λ", yLabel: "splits", values: values, binWidth: 0.5, reference: .init(value: 0, label: "λ = 0"),
            width: 400, height: 320)
        let layout = chart.layout
        // 48 points above for the title and the reference label, 50 below, 78 left, 24 right.
        #expect(layout.plot == (78, 48, 298, 222) as (Double, Double, Double, Double))
        #expect(layout.xTicks.map(\.value) == [-1, -0.5, 0, 0.5, 1, 1.5])
        #expect(layout.xTicks.map(\.label) == ["-1.0", "-0.5", "0.0", "0.5", "1.0", "1.5"])
        // At most two in a bin: whole counts only, never a tick at 0.5.
        #expect(layout.yTicks.map(\.label) == ["0", "1", "2"] && layout.countRange == (0, 2) as (Double, Double))
        // 298 points for 2.5 units: a bin of 0.5 is 59.6 points wide.
        let first = layout.bars[0]
        #expect(first.x == 78 && abs(first.width - 59.6) < 1e-9 && first.y == 48 && first.height == 222)
        let fourth = layout.bars[3]
        #expect(abs(fourth.x - (78 + 3 * 59.6)) < 1e-9 && fourth.height == 111 && fourth.y == 159)
        #expect(abs((layout.reference?.x ?? 0) - 197.2) < 1e-9 && layout.reference?.label == "λ = 0")
        #expect(layout.x(-1) == 78 && layout.x(1.5) == 376 && layout.y(0) == 270 && layout.y(2) == 48)
        #expect(layout.bins == chart.bins)
    }

    @Test func countTicksAreRoundAndTheMarginFitsThem() {
        let chart = HistogramChart(
            title: "t", xLabel: "x", yLabel: "y", values: Array(repeating: 0.1, count: 1234) + [0.7], binWidth: 0.5)
        let layout = chart.layout
        #expect(layout.yTicks.map(\.label) == ["0", "500", "1,000", "1,500"])
        // Millions of splits: the labels grow to nine characters and the plot moves right to fit them.
        let many = HistogramChart(title: "t", xLabel: "x", yLabel: "y", values: Array(repeating: 0.1, count: 2_704_156), binWidth: 0.5)
        #expect(many.layout.yTicks.last?.label == "3,000,000")
        #expect(many.layout.plot.x == 36 + 9 * 7)
    }

    @Test func theBinWidthIsRoundWhenLeftOutAndCappedWhenTooFine() {
        let spread = [-6.0, -1, 0.5, 6]
        let automatic = HistogramChart(title: "t", xLabel: "x", yLabel: "y", values: spread)
        // 12 units / 40 bins = 0.3, rounded to the nice 0.25: bins from (-6.25, -6] to (5.75, 6].
        #expect(automatic.binWidth == 0.25 && automatic.bins.count == 49)
        #expect(automatic.bins.first?.lower == -6.25 && automatic.bins.last?.upper == 6)
        let fine = HistogramChart(title: "t", xLabel: "x", yLabel: "y", values: spread, binWidth: 1e-6)
        // 12 million bins would be too many: the width grows to the round 0.02 (600 bins).
        #expect(fine.binWidth == 0.02 && fine.bins.count <= 1000)
        let empty = HistogramChart(title: "t", xLabel: "x", yLabel: "y", values: [.nan], binWidth: 0.5)
        #expect(empty.bins.isEmpty && empty.ignoredCount == 1 && empty.layout.yTicks.map(\.label) == ["0", "1"])
    }

    @Test func aRenderedHistogramIsAWholePNGAndTheSameEveryTime() throws {
        let logits = (0..<12_870).map { i in 2.5 * sin(Double(i) * 0.37) + 0.8 * cos(Double(i) * 1.3) }
        let chart = HistogramChart(
            title: "Logits of 12,870 splits", xLabel: "λ", yLabel: "splits", values: logits, binWidth: 0.25,
            reference: .init(value: 0, label: "λ = 0"))
        let first = try ChartRenderer.png(chart)
        #expect(first == (try ChartRenderer.png(chart)))
        let png = try #require(PNGCheck(first))
        #expect(png.size == (1800, 640) as (Int, Int))
        // The bars are drawn: the same frame without values is different.
        let bare = HistogramChart(
            title: chart.title, xLabel: "λ", yLabel: "splits", values: [], binWidth: 0.25, reference: chart.reference)
        #expect(try ChartRenderer.png(bare) != first)
    }
}
