import Foundation
import Testing

@testable import Charts

/// The monthly returns heatmap as numbers: its grid, a diverging scale centred on zero and
/// symmetric about it, the neutral colour of a flat month; and its bytes.
@Suite struct MonthlyHeatmapTests {
    /// Two years: 2020 from March (two months missing), 2021 to May.
    static let chart = HeatmapChart.monthlyReturns(
        years: ["2020", "2021"],
        returns: [
            [nil, nil, 0.02, -0.04, 0, 0.0123, -0.011, 0.001, 0.005, 0.03, -0.02, 0.01],
            [0.015, -0.005, 0.04, -0.001, 0.002, nil, nil, nil, nil, nil, nil, nil],
        ])

    @Test func yearsAreRowsMonthsAreColumnsAndMissingMonthsAreBlank() {
        let chart = Self.chart
        #expect(chart.rows == ["2020", "2021"])
        #expect(chart.columns == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
        #expect(chart.cells.map(\.count) == [12, 12])
        #expect(chart.cells[0][0] == nil && chart.cells[0][1] == nil && chart.cells[1][5] == nil && chart.cells[1][11] == nil)
        // Percent with one decimal: 1.23% is 1.2, -1.1% is -1.1, a flat month 0.0.
        #expect(chart.cells[0][2...5].map { $0?.label } == ["2.0", "-4.0", "0.0", "1.2"])
        #expect(chart.cells[0][6]?.label == "-1.1")
        #expect(chart.scheme == .diverging && chart.marked == nil)
        // A row of 28 points a year under the title and above the month names.
        #expect(chart.width == 640 && chart.height == 190)
        let layout = chart.layout
        #expect(layout.rect(row: 1, column: 11).x + layout.cell.width == layout.grid.x + layout.grid.width)
        #expect(layout.cell.width > 36)
    }

    @Test func theScaleIsCentredOnZeroAndSymmetricOverTheLargestMove() throws {
        // The largest move either way is 4%: -4% is the reddest end, +4% the bluest, 0 the middle.
        #expect(HeatmapChart.monthlyBound([[0.02, -0.04], [nil, 0.03]]) == 0.04)
        #expect(Self.chart.cells[0][3]?.score == 0)  // -4%
        #expect(Self.chart.cells[1][2]?.score == 1)  // +4%
        #expect(Self.chart.cells[0][4]?.score == 0.5)  // 0
        #expect(Self.chart.cells[0][2]?.score == 0.75)  // +2%: halfway up
        #expect(Self.chart.cells[0][10]?.score == 0.25)  // -2%: halfway down
        // Only gains: the scale still spans ± the largest, so small gains stay pale.
        let gains = HeatmapChart.monthlyReturns(years: ["2020"], returns: [[0.01, 0.04] + Array(repeating: nil, count: 10)])
        #expect(gains.cells[0][0]?.score == 0.625 && gains.cells[0][1]?.score == 1)
        for x in [0.001, 0.013, 0.04] {
            #expect(HeatmapChart.centredScore(x, bound: 0.04) + HeatmapChart.centredScore(-x, bound: 0.04) == 1)
        }
        // The colour bar: ticks inside ±4%, mirrored about the middle.
        let ticks = try #require(Self.chart.colorBar).ticks
        #expect(ticks.map(\.label) == ["-2.5%", "0%", "2.5%"])
        #expect(ticks.map(\.position) == [0.1875, 0.5, 0.8125])
    }

    @Test func aFlatMonthIsTheNeutralColourAndTheEndsAreRedAndBlue() throws {
        let flat = try #require(Self.chart.cells[0][4])
        #expect(Self.chart.color(flat) == Palette.neutral)
        #expect(Palette.diverging(0.5) == Palette.neutral && Palette.neutral.hexString == "#f7f7f7")
        let loss = Palette.diverging(0)
        let gain = Palette.diverging(1)
        #expect(loss.red > loss.blue && gain.blue > gain.red)
        #expect(loss.hexString == "#67001f" && gain.hexString == "#053061")
        // Equal moves either way are equally far from neutral in lightness.
        #expect(abs(Palette.diverging(0.3).luminance - Palette.diverging(0.7).luminance) < 0.08)
        // Text stays readable on every cell: dark on the pale middle, white on the dark ends.
        #expect(Palette.neutral.textColor.hexString == "#111111" && loss.textColor.hexString == "#ffffff")
        // A blank month is unlike every colour of the scale.
        let missing = HeatmapChart.Scheme.diverging.missing
        #expect(stride(from: 0.0, through: 1, by: 0.05).allSatisfy { Palette.diverging($0) != missing })
        // No months moved: every cell neutral, and one tick at 0%.
        let still = HeatmapChart.monthlyReturns(years: ["2020"], returns: [Array(repeating: 0, count: 12)])
        #expect(still.cells[0].allSatisfy { $0.map { still.color($0) } == Palette.neutral })
        #expect(still.colorBar?.ticks == [.init(position: 0.5, label: "0%")])
    }

    @Test func aRenderedMonthlyHeatmapIsAWholePNGAndTheSameEveryTime() throws {
        let first = try ChartRenderer.png(Self.chart)
        #expect(try ChartRenderer.png(Self.chart) == first)
        let png = try #require(PNGCheck(first))
        #expect(png.size.width == 1280 && png.size.height == 380)
        var changed = Self.chart
        changed.cells[0][2] = HeatmapChart.Cell(score: 0.9, label: "2.0")
        #expect(try ChartRenderer.png(changed) != first)
    }
}
