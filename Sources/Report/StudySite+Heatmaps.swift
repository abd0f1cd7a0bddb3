import Charts
import Engine
import Foundation
import Study
import Workflows

/// A link over one heatmap cell: to its run's page, or else to its row in the results table.
struct CellLinkView {
    let href: String
    let label: String
    /// Where the cell is, in percent of the picture (so the link follows the picture's scaling).
    let style: String
}

/// A heatmap picture with a link over every cell that has a run: an `<a>` over each cell, or for
/// a heatmap of more than `linkedCells` cells the cells' runs in data attributes, which
/// grid-table.js turns into links where the picture is clicked (10,000 anchors would weigh more
/// than the rest of the page).
struct HeatmapFigureView {
    /// Heatmaps with more cells than this link them from the script.
    static let linkedCells = 400

    let image: ImageView
    let cells: [CellLinkView]
    /// For a large heatmap: `left top width height` of its grid of cells, in percent of the picture.
    let grid: String?
    let rows: Int
    let columns: Int
    /// Each cell's run number (from 1; 0 for no run), row by row from the top.
    let runs: String?
    /// The runs that have a page (`runs/N.html`), space-separated.
    let pages: String?
}

/// The heatmap once per value of a third parameter, on one colour scale.
struct HeatmapMultiplesView {
    let parameter: String
    let note: String
    let figures: [HeatmapFigureView]
}

extension StudySite {
    /// The anchor of configuration `c`'s row in the results table.
    static func rowAnchor(_ c: Int) -> String { "run-\(c + 1)" }

    /// `heatmap` drawn as chart `name` (added to `files`), with its cells' links: a run's page
    /// where `pages` has one, else its row in the table.
    func heatmapFigure(
        _ heatmap: Heatmap, spec: OptimizationSpec, name: String, title: String, width: Double = 900,
        range: (low: Double, high: Double)? = nil, alt: String? = nil, pages: [Int: String], _ files: inout [SiteFile]
    ) -> HeatmapFigureView {
        let objective = spec.objective.metric
        let objectiveTitle = MetricRegistry.definition(objective).title
        let x = spec.parameters[heatmap.xParameter]
        let y = spec.parameters[heatmap.yParameter]
        let chart = HeatmapChart.objective(
            title: title, xLabel: x.name, yLabel: y.name, xs: heatmap.xs.map(NumberText.format), ys: heatmap.ys.map(NumberText.format),
            values: heatmap.values, best: heatmap.best, format: MetricText.format(for: objective), metricTitle: objectiveTitle,
            maximize: spec.objective.maximize, range: range, width: width)
        files.append(SiteFile(path: "\(id)/" + OutputLayout.chart(name), content: .heatmap(chart)))
        let layout = chart.layout
        func percent(_ value: Double, _ of: Double) -> String { String(format: "%.3f%%", 100 * value / of) }
        let image = ImageView(
            src: OutputLayout.chart(name), alt: "Heatmap of \(objectiveTitle) over \(x.name) and \(y.name)" + (alt.map { ", \($0)" } ?? ""),
            width: Int(chart.width), height: Int(chart.height))
        if heatmap.xs.count * heatmap.ys.count > HeatmapFigureView.linkedCells {
            let g = layout.grid
            let runs = heatmap.ys.indices.reversed().flatMap { yi in
                heatmap.xs.indices.map { xi in heatmap.runs[yi][xi].map { $0 + 1 } ?? 0 }
            }
            return HeatmapFigureView(
                image: image, cells: [],
                grid: [
                    percent(g.x, chart.width), percent(g.y, chart.height), percent(g.width, chart.width), percent(g.height, chart.height),
                ]
                .map { String($0.dropLast()) }.joined(separator: " "),
                rows: heatmap.ys.count, columns: heatmap.xs.count, runs: runs.map(String.init).joined(separator: " "),
                pages: pages.keys.sorted().map { String($0 + 1) }.joined(separator: " "))
        }
        var cells: [CellLinkView] = []
        // Chart row 0 is the largest y.
        for (row, yi) in heatmap.ys.indices.reversed().enumerated() {
            for xi in heatmap.xs.indices {
                guard let run = heatmap.runs[yi][xi] else { continue }
                let rect = layout.rect(row: row, column: xi)
                let value = MetricText.text(heatmap.values[yi][xi], objective)
                cells.append(
                    CellLinkView(
                        href: pages[run] ?? "#\(Self.rowAnchor(run))",
                        label: "\(study.label(configuration: run)): \(objectiveTitle) \(value)",
                        style:
                            "left:\(percent(rect.x, chart.width));top:\(percent(rect.y, chart.height));width:\(percent(rect.width, chart.width));height:\(percent(rect.height, chart.height))"
                    ))
            }
        }
        return HeatmapFigureView(
            image: image, cells: cells, grid: nil, rows: heatmap.ys.count, columns: heatmap.xs.count, runs: nil, pages: nil)
    }

    /// The small multiples of the grid's heatmap, when it has a third parameter.
    func heatmapMultiples(_ multiples: HeatmapMultiples, spec: OptimizationSpec, pages: [Int: String], _ files: inout [SiteFile])
        -> HeatmapMultiplesView
    {
        let z = spec.parameters[multiples.parameter]
        let all = z.values.count
        let figures = zip(multiples.values, multiples.heatmaps).enumerated().map { k, pair in
            heatmapFigure(
                pair.1, spec: spec, name: "heatmap-by-\(k + 1)",
                title: "\(z.name) = \(pair.0)", width: 440, range: multiples.range, alt: "\(z.name) = \(pair.0)", pages: pages, &files)
        }
        let others = spec.parameters.indices.filter {
            $0 != multiples.parameter && $0 != multiples.heatmaps[0].xParameter && $0 != multiples.heatmaps[0].yParameter
        }
        var note =
            all > multiples.values.count
            ? "\(multiples.values.count) of the \(all) values of \(z.name), at evenly spaced quantiles; one colour scale for all. "
            : "Every value of \(z.name); one colour scale for all. "
        if !others.isEmpty { note += "The other parameters are held at the best run's values. " }
        note += "Click a cell for its run."
        return HeatmapMultiplesView(parameter: z.name, note: note, figures: figures)
    }
}
