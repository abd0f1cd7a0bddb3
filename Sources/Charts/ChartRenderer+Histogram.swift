import CCairo
import Foundation

extension ChartRenderer {
    /// A histogram as PNG.
    public static func png(_ chart: HistogramChart) throws -> Data {
        let canvas = try CairoCanvas(width: chart.width, height: chart.height)
        let layout = chart.layout
        drawFrame(
            canvas, title: chart.title, width: chart.width, plot: layout.plot, xTicks: layout.xTicks.map { (layout.x($0.value), $0.label) },
            yTicks: layout.yTicks.map { (layout.y($0.value), $0.label) }, xLabel: chart.xLabel, yLabel: chart.yLabel,
            verticalGrid: false)
        for bar in layout.bars where bar.height > 0 {
            // A hairline of white between neighbours, once bars are wide enough to spare it.
            let gap = bar.width > 4 ? 0.5 : 0
            canvas.fillRect(bar.x + gap, bar.y, bar.width - 2 * gap, bar.height, color: bar.color)
        }
        drawAxes(canvas, plot: layout.plot)
        if let reference = layout.reference {
            let ink = Color(hex: 0x111111)
            canvas.line(reference.x, layout.plot.y, reference.x, layout.plot.y + layout.plot.height, color: ink, width: 1.2, dash: [4, 3])
            drawAbovePlot(canvas, reference.label, x: reference.x, plot: layout.plot, chartWidth: chart.width, color: ink)
        }
        return try canvas.png()
    }
}
