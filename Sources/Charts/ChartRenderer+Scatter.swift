import CCairo
import Foundation

extension ChartRenderer {
    static let fitColor = Color(hex: 0xD55E00)

    /// A scatter chart as PNG.
    public static func png(_ chart: ScatterChart) throws -> Data {
        let canvas = try CairoCanvas(width: chart.width, height: chart.height)
        let layout = chart.layout
        let (px, py, pw, ph) = layout.plot
        drawFrame(
            canvas, title: chart.title, width: chart.width, plot: layout.plot, xTicks: layout.xTicks.map { (layout.x($0.value), $0.label) },
            yTicks: layout.yTicks.map { (layout.y($0.value), $0.label) }, xLabel: chart.xLabel, yLabel: chart.yLabel,
            verticalGrid: true)
        let zero = Color(hex: 0x999999)
        if let x = layout.zeroLines.x { canvas.line(x, py, x, py + ph, color: zero) }
        if let y = layout.zeroLines.y { canvas.line(px, y, px + pw, y, color: zero) }
        for dot in layout.dots { canvas.fillCircle(dot.x, dot.y, radius: layout.dotRadius, color: chart.color, alpha: dot.alpha) }
        drawAxes(canvas, plot: layout.plot)
        var legend: [(name: String, draw: (Double, Double) -> Void)] = []
        if let front = chart.front, !layout.front.isEmpty {
            for (a, b) in zip(layout.front, layout.front.dropFirst()) { canvas.line(a.x, a.y, b.x, b.y, color: fitColor, width: 1.5) }
            for point in layout.front { canvas.fillCircle(point.x, point.y, radius: 3.2, color: fitColor) }
            legend.append((front.name, { x, y in canvas.fillCircle(x, y, radius: 3.2, color: fitColor) }))
        }
        if let highlight = chart.highlight, let point = layout.highlight {
            canvas.fillCircle(point.x, point.y, radius: 6.5, color: Color(hex: 0x111111))
            canvas.fillCircle(point.x, point.y, radius: 4.5, color: Color(hex: 0xF0E442))
            legend.append(
                (
                    highlight.name,
                    { x, y in
                        canvas.fillCircle(x, y, radius: 5.5, color: Color(hex: 0x111111))
                        canvas.fillCircle(x, y, radius: 3.8, color: Color(hex: 0xF0E442))
                    }
                ))
        }
        if !legend.isEmpty {
            // The legend, right-aligned above the plot: each mark, then its name.
            canvas.font(size: 11)
            var right = px + pw
            for entry in legend.reversed() {
                let name = canvas.fitted(entry.name, width: pw / 3)
                let textLeft = right - canvas.textWidth(name)
                entry.draw(textLeft - 10, py - 11)
                canvas.text(name, x: textLeft, y: py - 7, color: axisColor)
                right = textLeft - 28
            }
        }
        if let fit = chart.fit {
            if let line = layout.fitLine { canvas.line(line.x0, line.y0, line.x1, line.y1, color: fitColor, width: 2) }
            // The legend, right-aligned above the plot: a stretch of the line, then its name.
            canvas.font(size: 11)
            let name = canvas.fitted(fit.name, width: pw / 2)
            let textLeft = px + pw - canvas.textWidth(name)
            canvas.line(textLeft - 24, py - 11, textLeft - 6, py - 11, color: fitColor, width: 2)
            canvas.text(name, x: textLeft, y: py - 7, color: axisColor)
        }
        return try canvas.png()
    }
}
