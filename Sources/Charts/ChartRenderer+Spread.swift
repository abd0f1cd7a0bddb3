import CCairo
import Foundation

extension ChartRenderer {
    static let boxFill = Color(hex: 0x9ECAE1)
    static let boxInk = Color(hex: 0x0072B2)
    static let markedInk = Color(hex: 0xD55E00)

    /// A spread chart as PNG.
    public static func png(_ chart: SpreadChart) throws -> Data {
        let canvas = try CairoCanvas(width: chart.width, height: chart.height)
        let layout = chart.layout
        drawFrame(
            canvas, title: chart.title, width: chart.width, plot: layout.plot,
            xTicks: layout.xTicks.filter { !$0.label.isEmpty }, yTicks: layout.yTicks.map { (layout.y($0.value), $0.label) },
            xLabel: chart.xLabel, yLabel: chart.yLabel, verticalGrid: false)
        for (i, mark) in layout.marks.enumerated() {
            guard let mark else { continue }
            let ink = i == chart.marked ? markedInk : boxInk
            let half = mark.width / 2
            canvas.line(mark.x, mark.max, mark.x, mark.min, color: ink)
            canvas.line(mark.x - half / 2, mark.max, mark.x + half / 2, mark.max, color: ink)
            canvas.line(mark.x - half / 2, mark.min, mark.x + half / 2, mark.min, color: ink)
            let height = max(1, mark.lowerQuartile - mark.upperQuartile)
            canvas.fillRect(
                mark.x - half, mark.upperQuartile, mark.width, height, color: i == chart.marked ? Color(hex: 0xF4B183) : boxFill)
            canvas.strokeRect(mark.x - half, mark.upperQuartile, mark.width, height, color: ink, width: 1)
            canvas.line(mark.x - half, mark.median, mark.x + half, mark.median, color: Color(hex: 0x111111), width: 2)
        }
        drawAxes(canvas, plot: layout.plot)
        return try canvas.png()
    }
}
