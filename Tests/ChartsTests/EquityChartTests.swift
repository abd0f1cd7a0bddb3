import Foundation
import Testing

@testable import Charts

/// Equity charts as numbers: when the axis turns logarithmic, the buy-and-hold line, the axis
/// caption; and that they still draw the same bytes every time.
@Suite struct EquityChartTests {
    static let day: Int64 = 86_400_000

    static func line(_ values: [Double], name: String = "run") -> LineChart.Series {
        .init(name: name, times: values.indices.map { Int64($0) * day }, values: values, color: Palette.series(0))
    }

    @Test func theAxisTurnsLogarithmicOnlyAboveATenfoldSpanOfPositiveValues() {
        #expect(LineChart.logScaleRatio == 10)
        #expect(!LineChart.spansLogRange([1_000, 5_000, 10_000]))  // exactly tenfold: linear
        #expect(LineChart.spansLogRange([1_000, 10_000.01]))
        #expect(!LineChart.spansLogRange([0, 1_000_000]))  // not all positive
        #expect(!LineChart.spansLogRange([-10, 50_000]))
        #expect(LineChart.spansLogRange([.nan, 100, 1_001]))  // non-finite values are not plotted
        #expect(!LineChart.spansLogRange([]))
        let linear = LineChart.equity(title: "t", series: [Self.line([10_000, 100_000])], buyAndHold: nil, currency: nil)
        #expect(!linear.logScale && !linear.layout.isLog)
        let log = LineChart.equity(title: "t", series: [Self.line([10_000, 100_001])], buyAndHold: nil, currency: nil)
        #expect(log.logScale && log.layout.isLog)
        // Everything plotted counts: a flat strategy beside a buy and hold that rose 15-fold.
        let flat = Self.line([10_000, 10_200, 10_500])
        let held = LineChart.buyAndHold(times: flat.times, closes: [20, 90, 300], capital: 10_000)
        #expect(LineChart.equity(title: "t", series: [flat], buyAndHold: held, currency: nil).layout.isLog)
        #expect(!LineChart.equity(title: "t", series: [flat], buyAndHold: nil, currency: nil).layout.isLog)
    }

    @Test func aLogAxisLeavesTheSameRoomAboveAndBelowTheLines() {
        let layout = LineChart.equity(title: "t", series: [Self.line([100, 10_000])], buyAndHold: nil, currency: nil).layout
        // 3% of the two decades on each side: 10^-0.06 below 100, 10^0.06 above 10,000.
        #expect(abs(layout.valueRange.lower - 100 / pow(10, 0.06)) < 1e-9)
        #expect(abs(layout.valueRange.upper - 10_000 * pow(10, 0.06)) < 1e-6)
        #expect(abs(layout.y(1_000) - (layout.plot.y + layout.plot.height / 2)) < 1e-9)
        #expect(layout.valueTicks.map(\.value) == [100, 200, 500, 1_000, 2_000, 5_000, 10_000])
    }

    @Test func buyAndHoldIsTheCapitalTimesEachCloseOverTheFirst() throws {
        let times: [Int64] = [0, 1, 2, 3, 4].map { $0 * Self.day }
        // Closes 100, 110, 99, 121, 50 from 10,000: 10,000 · close / 100, worked by hand.
        let line = try #require(LineChart.buyAndHold(times: times, closes: [100, 110, 99, 121, 50], capital: 10_000))
        #expect(line.values == [10_000, 11_000, 9_900, 12_100, 5_000])
        #expect(line.times == times)
        #expect(line.name == "Buy and hold" && line.reference && !line.emphasized)
        #expect(line.color == Palette.reference && line.color.hexString == "#8c8c8c")
        #expect(!Palette.series.contains(Palette.reference))
        #expect(LineChart.buyAndHold(times: [], closes: [], capital: 10_000) == nil)
        #expect(LineChart.buyAndHold(times: [0, 1], closes: [0, 5], capital: 10_000) == nil)
        #expect(LineChart.buyAndHold(times: [0], closes: [100, 110], capital: 10_000) == nil)
    }

    @Test func buyAndHoldIsListedLastAndDrawnFirst() throws {
        let run = Self.line([10_000, 10_500, 11_000])
        let held = try #require(LineChart.buyAndHold(times: run.times, closes: [10, 11, 12], capital: 10_000))
        let chart = LineChart.equity(title: "Equity", series: [run], buyAndHold: held, currency: "EUR")
        #expect(chart.series.map(\.name) == ["run", "Buy and hold"])
        #expect(chart.layout.legend.map(\.name) == ["run", "Buy and hold"])
        #expect(chart.layout.legend.last?.color == Palette.reference)
        #expect(chart.series.map(\.layer) == [1, 0])
        #expect(chart.yLabel == "Equity [EUR]" && chart.yFormat == .money)
        #expect(LineChart.equityLabel(currency: nil) == "Equity")
        #expect(LineChart.equityLabel(currency: "USDT") == "Equity [USDT]")
        // Without buy and hold a single line has no legend, as before.
        #expect(LineChart.equity(title: "Equity", series: [run], buyAndHold: nil, currency: nil).layout.legend.isEmpty)
    }

    @Test func equityChartsWithBuyAndHoldAndALogAxisDrawTheSameBytesEveryTime() throws {
        let run = Self.line([10_000, 30_000, 90_000, 150_000])
        let held = LineChart.buyAndHold(times: run.times, closes: [5, 9, 40, 60], capital: 10_000)
        let chart = LineChart.equity(title: "Equity", series: [run], buyAndHold: held, currency: "EUR", width: 400, height: 240)
        let first = try ChartRenderer.png(chart)
        #expect(try ChartRenderer.png(chart) == first)
        let png = try #require(PNGCheck(first))
        #expect(png.size.width == 800 && png.size.height == 480)
        let without = LineChart.equity(title: "Equity", series: [run], buyAndHold: nil, currency: "EUR", width: 400, height: 240)
        #expect(try ChartRenderer.png(without) != first)
    }
}
