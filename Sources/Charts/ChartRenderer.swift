import CCairo
import Foundation

/// Draws chart models into PNG bytes with Cairo, at twice the logical size for sharp display.
/// Identical models give identical bytes.
public enum ChartRenderer {
    static let axisColor = Color(hex: 0x333333)
    static let gridColor = Color(hex: 0xE4E4E4)
    static let mutedText = Color(hex: 0x555555)

    /// A line chart as PNG.
    public static func png(_ chart: LineChart) throws -> Data {
        let canvas = try CairoCanvas(width: chart.width, height: chart.height)
        let layout = chart.layout
        let cr = canvas.cr
        let (px, py, pw, ph) = layout.plot
        if !chart.thumbnail {
            canvas.font(size: 15, bold: true)
            canvas.text(canvas.fitted(chart.title, width: chart.width - px - 10), x: px, y: 24, color: Color(hex: 0x111111))
            canvas.font(size: 11)
            for tick in layout.valueTicks {
                let y = layout.y(tick.value)
                canvas.line(px, y, px + pw, y, color: gridColor)
                canvas.text(tick.label, x: px - 8, y: y + 4, align: .right, color: mutedText)
            }
            canvas.verticalText(chart.yLabel, x: 16, y: py + ph / 2, color: mutedText)
            for tick in layout.timeTicks {
                let x = layout.x(tick.time)
                canvas.line(x, py + ph, x, py + ph + 5, color: axisColor)
                canvas.text(tick.label, x: x, y: py + ph + 18, align: .center, color: mutedText)
            }
            if layout.valueRange.lower < 0 && layout.valueRange.upper > 0 && !layout.isLog {
                canvas.line(px, layout.y(0), px + pw, layout.y(0), color: Color(hex: 0x999999))
            }
        }
        // Lines, clipped to the plot; emphasised ones last so they stay on top.
        cairo_save(cr)
        cairo_rectangle(cr, px, py, pw, ph)
        cairo_clip(cr)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        let order = chart.series.indices.sorted { (chart.series[$0].layer, $0) < (chart.series[$1].layer, $1) }
        for index in order {
            let series = chart.series[index]
            let path = layout.path(series)
            guard let first = path.first, let last = path.last else { continue }
            if chart.fillToZero && chart.series.count <= 2 {
                cairo_move_to(cr, first.x, layout.y(0))
                for corner in path { cairo_line_to(cr, corner.x, corner.y) }
                cairo_line_to(cr, last.x, layout.y(0))
                cairo_close_path(cr)
                canvas.setColor(series.color, alpha: chart.series.count > 1 ? 0.12 : 0.3)
                cairo_fill(cr)
            }
            cairo_move_to(cr, first.x, first.y)
            for corner in path.dropFirst() { cairo_line_to(cr, corner.x, corner.y) }
            canvas.setColor(series.color)
            cairo_set_line_width(cr, chart.thumbnail ? 1.5 : series.emphasized ? 2.6 : 1.4)
            let pattern = series.reference ? [] : dash(index)
            cairo_set_dash(cr, pattern, Int32(pattern.count), 0)
            cairo_stroke(cr)
            cairo_set_dash(cr, nil, 0, 0)
        }
        cairo_restore(cr)
        // Markers unclipped, so that the first and last points show whole dots at the plot's edges.
        if chart.markers {
            for index in order {
                let series = chart.series[index]
                for point in layout.points(series) {
                    canvas.fillCircle(point.x, point.y, radius: series.emphasized ? 3.6 : 3, color: series.color)
                }
            }
        }
        if !chart.thumbnail {
            canvas.line(px, py + ph, px + pw, py + ph, color: axisColor)
            canvas.line(px, py, px, py + ph, color: axisColor)
            // Legend rows under the time axis.
            canvas.font(size: 11)
            for (rowIndex, row) in layout.legendRows.enumerated() {
                let y = py + ph + 40 + Double(rowIndex) * 20
                var x = px
                for entry in row {
                    let (name, color) = layout.legend[entry]
                    let series = chart.series[entry]
                    canvas.line(
                        x, y - 4, x + 18, y - 4, color: color, width: series.emphasized ? 3 : 2, dash: series.reference ? [] : dash(entry))
                    canvas.text(canvas.fitted(name, width: layout.legendEntryWidth - 34), x: x + 24, y: y, color: axisColor)
                    x += layout.legendEntryWidth
                }
            }
        }
        return try canvas.png()
    }

    /// Series beyond the palette's eight colours repeat them dashed, so no two look the same.
    static func dash(_ index: Int) -> [Double] {
        switch index / Palette.series.count {
        case 0: []
        case 1: [6, 3]
        default: [2, 3]
        }
    }

    /// Splits a label into at most two lines that fit `width` (measured in the current font).
    static func wrap(_ text: String, width: Double, canvas: CairoCanvas) -> [String] {
        guard canvas.textWidth(text) > width else { return [text] }
        let words = text.split(separator: " ").map(String.init)
        guard words.count > 1 else { return [canvas.fitted(text, width: width)] }
        var best = [text]
        var bestWidth = Double.infinity
        for cut in 1..<words.count {
            let first = words[..<cut].joined(separator: " ")
            let second = words[cut...].joined(separator: " ")
            let widest = max(canvas.textWidth(first), canvas.textWidth(second))
            if widest < bestWidth {
                bestWidth = widest
                best = [first, second]
            }
        }
        return best.map { canvas.fitted($0, width: width) }
    }

    /// A heatmap as PNG.
    public static func png(_ chart: HeatmapChart) throws -> Data {
        let canvas = try CairoCanvas(width: chart.width, height: chart.height)
        let layout = chart.layout
        let (gx, gy, gw, gh) = layout.grid
        canvas.font(size: 15, bold: true)
        canvas.text(canvas.fitted(chart.title, width: chart.width - 20), x: 10, y: 24, color: Color(hex: 0x111111))
        let fontSize = min(12, max(7, min(layout.cell.height * 0.42, layout.cell.width * 0.28)))
        canvas.font(size: fontSize)
        for (row, cells) in chart.cells.enumerated() {
            for (column, cell) in cells.enumerated() {
                let (x, y, w, h) = layout.rect(row: row, column: column)
                guard let cell else {
                    // No run here (left out by the constraints, or failed): visibly blank.
                    canvas.fillRect(x, y, w, h, color: chart.scheme.missing)
                    if w > 14 && h > 10 {
                        canvas.text("–", x: x + w / 2, y: y + h / 2 + fontSize * 0.35, align: .center, color: chart.scheme.missingMark)
                    }
                    continue
                }
                let fill = chart.color(cell)
                canvas.fillRect(x, y, w + 0.5, h + 0.5, color: fill)
                if canvas.textWidth(cell.label) <= w - 4 && h >= fontSize + 2 {
                    canvas.text(cell.label, x: x + w / 2, y: y + h / 2 + fontSize * 0.35, align: .center, color: fill.textColor)
                }
            }
        }
        // Thin white lines between cells keep neighbours apart.
        for column in 1..<max(1, chart.columns.count) where layout.cell.width > 6 {
            canvas.line(
                gx + Double(column) * layout.cell.width, gy, gx + Double(column) * layout.cell.width, gy + gh, color: Color(hex: 0xFFFFFF),
                width: 1)
        }
        for row in 1..<max(1, chart.rows.count) where layout.cell.height > 6 {
            canvas.line(
                gx, gy + Double(row) * layout.cell.height, gx + gw, gy + Double(row) * layout.cell.height, color: Color(hex: 0xFFFFFF),
                width: 1)
        }
        if let marked = chart.marked {
            let (x, y, w, h) = layout.rect(row: marked.row, column: marked.column)
            canvas.strokeRect(x + 1.5, y + 1.5, w - 3, h - 3, color: Color(hex: 0x111111), width: 3)
            canvas.strokeRect(x + 3.5, y + 3.5, w - 7, h - 7, color: Color(hex: 0xFFFFFF), width: 1)
        }
        // Row and column labels, thinned out so that they never overlap.
        canvas.font(size: 11)
        let rowEvery = max(1, Int((15 / layout.cell.height).rounded(.up)))
        for (row, label) in chart.rows.enumerated() where row % rowEvery == 0 {
            let y = gy + (Double(row) + 0.5) * layout.cell.height + 4
            canvas.text(
                canvas.fitted(label, width: gx - (chart.yLabel.isEmpty ? 12 : 38)), x: gx - 8, y: y, align: .right, color: axisColor)
        }
        // Column labels: wrapped onto two lines where that makes them fit, thinned out otherwise.
        let wrapped = chart.columns.map { wrap($0, width: layout.cell.width - 6, canvas: canvas) }
        let widest =
            zip(chart.columns, wrapped).map { label, lines in
                lines.count == 1 && canvas.textWidth(label) > layout.cell.width - 6
                    ? canvas.textWidth(label) : lines.map { canvas.textWidth($0) }.max() ?? 0
            }.max() ?? 0
        let columnEvery = widest <= layout.cell.width - 4 ? 1 : max(1, Int(((min(widest, 150) + 10) / layout.cell.width).rounded(.up)))
        for (column, lines) in wrapped.enumerated() where column % columnEvery == 0 {
            let x = gx + (Double(column) + 0.5) * layout.cell.width
            for (n, line) in lines.enumerated() {
                canvas.text(
                    canvas.fitted(line, width: layout.cell.width * Double(columnEvery) - 6), x: x, y: gy + gh + 16 + Double(n) * 13,
                    align: .center, color: axisColor)
            }
        }
        canvas.font(size: 12)
        let twoLines = wrapped.contains { $0.count > 1 }
        if !chart.xLabel.isEmpty {
            canvas.text(chart.xLabel, x: gx + gw / 2, y: gy + gh + (twoLines ? 50 : 38), align: .center, color: mutedText)
        }
        if !chart.yLabel.isEmpty { canvas.verticalText(chart.yLabel, x: 16, y: gy + gh / 2, color: mutedText) }
        if let bar = chart.colorBar, let (bx, by, bw, bh) = layout.colorBar {
            let steps = 64
            for i in 0..<steps {
                let t = Double(i) / Double(steps - 1)
                canvas.fillRect(
                    bx, by + bh * (1 - Double(i + 1) / Double(steps)), bw, bh / Double(steps) + 0.5, color: chart.scheme.color(t))
            }
            canvas.strokeRect(bx, by, bw, bh, color: Color(hex: 0x999999), width: 0.5)
            canvas.font(size: 10)
            for tick in bar.ticks {
                let y = by + bh * (1 - tick.position)
                canvas.line(bx + bw, y, bx + bw + 4, y, color: axisColor)
                canvas.text(tick.label, x: bx + bw + 7, y: y + 3.5, color: axisColor)
            }
            canvas.font(size: 11)
            canvas.verticalText(canvas.fitted(bar.caption, width: bh), x: chart.width - 12, y: by + bh / 2, color: mutedText)
        }
        return try canvas.png()
    }
}
