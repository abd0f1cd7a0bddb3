import CCairo
import Foundation

/// The parts histograms and scatter charts share: a title, a plot with ticks on two value axes,
/// and their captions.
extension ChartRenderer {
    typealias Plot = (x: Double, y: Double, width: Double, height: Double)

    /// Everything under the marks: title, grid lines, tick labels and axis captions.
    static func drawFrame(
        _ canvas: CairoCanvas, title: String, width: Double, plot: Plot, xTicks: [(x: Double, label: String)],
        yTicks: [(y: Double, label: String)], xLabel: String, yLabel: String, verticalGrid: Bool
    ) {
        let (px, py, pw, ph) = plot
        canvas.font(size: 15, bold: true)
        canvas.text(canvas.fitted(title, width: width - px - 10), x: px, y: 24, color: Color(hex: 0x111111))
        canvas.font(size: 11)
        for tick in yTicks {
            canvas.line(px, tick.y, px + pw, tick.y, color: gridColor)
            canvas.text(tick.label, x: px - 8, y: tick.y + 4, align: .right, color: mutedText)
        }
        for tick in xTicks {
            if verticalGrid { canvas.line(tick.x, py, tick.x, py + ph, color: gridColor) }
            canvas.line(tick.x, py + ph, tick.x, py + ph + 5, color: axisColor)
            canvas.text(tick.label, x: tick.x, y: py + ph + 18, align: .center, color: mutedText)
        }
        canvas.font(size: 12)
        if !xLabel.isEmpty {
            canvas.text(canvas.fitted(xLabel, width: pw), x: px + pw / 2, y: py + ph + 38, align: .center, color: mutedText)
        }
        canvas.font(size: 11)
        if !yLabel.isEmpty { canvas.verticalText(canvas.fitted(yLabel, width: ph), x: 16, y: py + ph / 2, color: mutedText) }
    }

    /// The two axis lines, drawn over the marks.
    static func drawAxes(_ canvas: CairoCanvas, plot: Plot) {
        let (px, py, pw, ph) = plot
        canvas.line(px, py + ph, px + pw, py + ph, color: axisColor)
        canvas.line(px, py, px, py + ph, color: axisColor)
    }

    /// Small text above the plot, centred on `x` but kept inside the chart.
    static func drawAbovePlot(_ canvas: CairoCanvas, _ text: String, x: Double, plot: Plot, chartWidth: Double, color: Color) {
        canvas.font(size: 11)
        let half = canvas.textWidth(text) / 2
        canvas.text(text, x: min(max(x, half + 4), chartWidth - half - 4), y: plot.y - 7, align: .center, color: color)
    }
}
