import Engine
import Foundation
import Testing

@testable import Charts

/// The chart model as numbers: ticks, scales, colours, layout. No pixels.
@Suite struct ChartModelTests {
    @Test func niceTicksCoverTheRangeAtRoundSteps() {
        let scale = NiceScale(min: 9_812, max: 14_377, maxTicks: 6)
        #expect(scale.step == 1000 && scale.lower == 9000 && scale.upper == 15_000)
        #expect(scale.ticks == [9000, 10_000, 11_000, 12_000, 13_000, 14_000, 15_000])
        let small = NiceScale(min: -0.27, max: 0.02, maxTicks: 6)
        #expect(small.step == 0.1 && small.ticks == [-0.3, -0.2, -0.1, 0, 0.1])
        // Float dust is cleaned: 0.1 + 0.2 is written 0.3.
        #expect(NiceScale(min: 0.1, max: 0.3, maxTicks: 3).ticks == [0.1, 0.2, 0.3])
        // A flat series still gets a visible range around it.
        let flat = NiceScale(min: 100, max: 100)
        #expect(flat.lower < 100 && flat.upper > 100)
    }

    @Test func logTicksArePowersAndRoundMultiples() {
        #expect(NiceScale.logTicks(min: 8_000, max: 45_000) == [10_000, 20_000])
        #expect(NiceScale.logTicks(min: 90, max: 120_000) == [100, 1000, 10_000, 100_000])
    }

    @Test func dateTicksFollowTheCalendarAndFitTheSpan() {
        let day = UTCDate.millisPerDay
        let start = UTCDate.days(year: 2015, month: 1, day: 2) * day
        let end = UTCDate.days(year: 2024, month: 8, day: 29) * day
        let years = DateTicks.ticks(start: start, end: end, maxTicks: 7)
        #expect(years.map(\.label) == ["2016", "2018", "2020", "2022", "2024"])
        #expect(years.first?.time == UTCDate.days(year: 2016, month: 1, day: 1) * day)
        let months = DateTicks.ticks(
            start: UTCDate.days(year: 2021, month: 3, day: 1) * day, end: UTCDate.days(year: 2021, month: 8, day: 20) * day, maxTicks: 7)
        #expect(months.map(\.label) == ["Mar", "Apr", "May", "Jun", "Jul", "Aug"])
        let hours = DateTicks.ticks(start: start, end: start + 20 * 3_600_000, maxTicks: 6)
        #expect(hours.map(\.label) == ["2 Jan", "06:00", "12:00", "18:00"])
    }

    @Test func viridisRunsFromPurpleToYellowAndTextStaysReadable() {
        #expect(Palette.viridis(0).hexString == "#440154")
        #expect(Palette.viridis(1).hexString == "#fde725")
        #expect(Palette.viridis(0.5).hexString == "#21918c")
        #expect(Palette.viridis(0.25).hexString == "#3b528a")  // halfway between the 0.2 and 0.3 stops
        #expect(Palette.viridis(-3) == Palette.viridis(0) && Palette.viridis(.nan) == Palette.viridis(0))
        #expect(Palette.viridis(0).textColor.hexString == "#ffffff" && Palette.viridis(1).textColor.hexString == "#111111")
        #expect(Set(Palette.series.map(\.hexString)).count == 8)
    }

    @Test func objectiveHeatmapPutsTheBestBrightAndTheLargestYOnTop() {
        let chart = HeatmapChart.objective(
            title: "t", xLabel: "fast", yLabel: "slow", xs: ["5", "10"], ys: ["20", "30"],
            values: [[0.5, nil], [1.5, -0.5]], best: (x: 0, y: 1), format: .ratio, metricTitle: "Sharpe ratio", maximize: true)
        #expect(chart.rows == ["30", "20"])
        #expect(chart.cells[0][0] == HeatmapChart.Cell(score: 1, label: "1.50"))
        #expect(chart.cells[0][1] == HeatmapChart.Cell(score: 0, label: "-0.50"))
        #expect(chart.cells[1][0] == HeatmapChart.Cell(score: 0.5, label: "0.50"))
        #expect(chart.cells[1][1] == nil)
        #expect(chart.marked?.row == 0 && chart.marked?.column == 0)
        #expect(chart.colorBar?.ticks.map(\.label) == ["-0.5", "0.0", "0.5", "1.0", "1.5"])
        // Minimising flips the colours: the lowest value is the brightest.
        let drawdown = HeatmapChart.objective(
            title: "t", xLabel: "x", yLabel: "y", xs: ["1", "2"], ys: ["1"], values: [[0.1, 0.3]],
            best: nil, format: .percent, metricTitle: "Max. drawdown [%]", maximize: false)
        #expect(drawdown.cells[0].map { $0?.score } == [1, 0])
        #expect(drawdown.colorBar?.caption == "Max. drawdown [%] (lower is better)")
    }

    @Test func rankHeatmapRanksEachMetricByItsDirectionWithTies() {
        let chart = HeatmapChart.ranks(
            title: "t", variants: ["A", "B", "C"],
            metrics: [("Sharpe", true, .ratio), ("Drawdown", false, .percent)],
            values: [[1.0, 0.2], [2.0, 0.2], [nil, 0.1]])
        #expect(chart.cells.map { $0.map { $0?.score } } == [[0, 0], [1, 0], [nil, 1]])
        #expect(chart.cells[2][1]?.label == "10.00%")
    }

    @Test func lineChartLayoutMapsTimesAndValuesIntoThePlot() {
        let chart = LineChart(
            title: "t", yLabel: "y", series: [.init(name: "a", times: [0, 100], values: [10, 20], color: Palette.series(0))],
            yFormat: .plain, width: 400, height: 300)
        let layout = chart.layout
        #expect(layout.x(0) == layout.plot.x && layout.x(100) == layout.plot.x + layout.plot.width)
        #expect(layout.y(layout.valueRange.lower) == layout.plot.y + layout.plot.height)
        #expect(layout.y(layout.valueRange.upper) == layout.plot.y)
        #expect(layout.legend.isEmpty)
        let log = LineChart(
            title: "t", yLabel: "y", series: [.init(name: "a", times: [0, 1], values: [100, 10_000], color: Palette.series(0))],
            yFormat: .money, logScale: true
        ).layout
        #expect(log.isLog && abs(log.y(1000) - (log.plot.y + log.plot.height / 2)) < 1e-9)
    }

    @Test func numbersAreWrittenForPeople() {
        #expect(ValueFormat.percent.format(0.12345) == "12.35%")
        #expect(ValueFormat.percent.format(-0.0004) == "-0.04%")
        #expect(ValueFormat.percent.format(1.5) == "150.0%" && ValueFormat.percent.format(12.5) == "1250%")
        #expect(ValueFormat.money.format(1_234_567.891) == "1,234,567.89")
        #expect(ValueFormat.money.format(-1234.5) == "-1,234.50")
        #expect(ValueFormat.ratio.format(nil) == "n/a" && ValueFormat.ratio.format(.infinity) == "n/a")
        #expect(ValueFormat.ratio.format(-0.001) == "0.00")
        #expect(ValueFormat.percent.axisLabel(0.05, step: 0.05) == "5%")
        #expect(ValueFormat.money.axisLabel(12_000, step: 1000) == "12,000")
        // A step that is not a positive finite number gets labels, not a trap.
        for step in [0, -1, .nan, .infinity, Double.leastNonzeroMagnitude] {
            #expect(!ValueFormat.money.axisLabel(1e-300, step: step).isEmpty)
            #expect(!ValueFormat.percent.axisLabel(0, step: step).isEmpty)
        }
    }

    @Test func anEquityThatFellToAlmostNothingDrawsOnALogAxis() throws {
        // 3,000,000 minute bars with fees took a run's equity from 10,000 to 1e-300 and below: the
        // log axis's ticks underflowed to 0, and the label's decimals trapped (found in issue 15).
        for low in [1e-300, Double.leastNonzeroMagnitude, 0] {
            let chart = LineChart(
                title: "Equity", yLabel: "Equity [money]",
                series: [.init(name: "a", times: [0, 86_400_000, 172_800_000], values: [10_000, 1, low], color: Palette.series(0))],
                yFormat: .money, logScale: true)
            #expect(try ChartRenderer.png(chart).count > 1000, "\(low)")
        }
    }

    @Test func identicalChartsGiveIdenticalPNGBytes() throws {
        let chart = LineChart(
            title: "Equity", yLabel: "Equity [money]",
            series: [.init(name: "a", times: [0, 86_400_000, 172_800_000], values: [1, 3, 2], color: Palette.series(0))],
            yFormat: .money, width: 300, height: 200)
        let first = try ChartRenderer.png(chart)
        let second = try ChartRenderer.png(chart)
        #expect(first == second)
        #expect(first.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // 2x pixel density: a 300x200 chart is a 600x400 PNG (width and height in the IHDR chunk).
        let width = first[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = first[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 600 && height == 400)
        var changed = chart
        changed.series[0].values[2] = 2.5
        #expect(try ChartRenderer.png(changed) != first)
    }

    @Test func cairoFailuresAreThrownNotIgnored() {
        let huge = LineChart(title: "t", yLabel: "y", series: [], yFormat: .plain, width: 40_000, height: 40_000)
        #expect(throws: CairoError.self) { try ChartRenderer.png(huge) }
    }
}
