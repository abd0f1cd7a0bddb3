import Charts
import Engine
import Foundation
import Study
import Workflows

/// The optimization section of a study page: heatmap, top equity curves, results table, best run.
extension StudySite {
    /// The runs of a grid whose whole result (trades, equity) its pages show: the best
    /// `topCurves` and the best `site.detail_runs`, each on every market.
    static func runsShownWhole(_ results: StudyResults) -> [String] {
        guard let spec = results.study.optimization, let analysis = results.optimization else { return [] }
        return analysis.ranking.prefix(max(Self.topCurves, spec.detailRuns)).flatMap { c in
            results.markets.map { $0.runs[c].map(\.hash) } ?? [results.runs[c].hash]
        }
    }

    func optimizationSection(_ spec: OptimizationSpec, _ analysis: OptimizationAnalysis, _ files: inout [SiteFile])
        -> OptimizationSectionView
    {
        let objectiveTitle = MetricRegistry.definition(spec.objective.metric).title
        // The top runs' equity curves, the best emphasised.
        var series: [LineChart.Series] = []
        var detailLinks: [Int: String] = [:]
        // The best `site.detail_runs` (the best at least) get a page of their own, linked from the
        // table and the heatmaps.
        for (position, run) in analysis.ranking.prefix(max(Self.topCurves, spec.detailRuns)).enumerated() {
            guard let stored = load(run) else { continue }
            if position < Self.topCurves {
                series.append(
                    .init(
                        name: "#\(position + 1) \(study.label(configuration: run))", times: stored.equityTime, values: stored.equity,
                        color: Palette.series(position), emphasized: position == 0))
            }
            guard position < max(1, spec.detailRuns) else { continue }
            let detail = RunDetail.make(
                label: study.label(configuration: run), config: study.config(configuration: run), markets: study.markets, stored: stored,
                prefix: OutputLayout.runChartPrefix(run), studyPath: id, pageDirectory: "runs")
            files += detail.files
            let runPage = RunPageView(
                page: PageView(
                    title: "\(study.base.name ?? id): \(study.label(configuration: run))", root: "../../",
                    crumbs: [
                        PairView(name: "Studies", value: "../../index.html"), PairView(name: study.base.name ?? id, value: "../index.html"),
                    ]),
                detail: detail.view, rank: "rank \(position + 1) of \(analysis.ranking.count) by \(objectiveTitle)",
                markets: marketsTable(run))
            files.append(.page("\(id)/\(OutputLayout.runPage(run))", template: "run", runPage))
            detailLinks[run] = OutputLayout.runPage(run)
        }
        var heatmapFigure: HeatmapFigureView?
        if let heatmap = analysis.heatmap {
            let x = spec.parameters[heatmap.xParameter]
            let y = spec.parameters[heatmap.yParameter]
            let others = spec.parameters.indices.filter { $0 != heatmap.xParameter && $0 != heatmap.yParameter }
            let held =
                analysis.best.map { best in
                    others.map { "\(spec.parameters[$0].name)=\(study.gridPoints[best][$0])" }.joined(separator: ", ")
                } ?? ""
            heatmapFigure = self.heatmapFigure(
                heatmap, spec: spec, name: "heatmap",
                title: "\(objectiveTitle) by \(x.name) and \(y.name)" + (held.isEmpty ? "" : " (\(held))"), pages: detailLinks, &files)
        }
        // Only the page draws the small multiples, so they are made here, not in every analysis
        // (each walk-forward window's in-sample grid is analysed too).
        let multiples = spec.heatmap.flatMap {
            HeatmapMultiples.make(study, spec: spec, outcomes: results.configurations.map(\.outcome), axes: $0, best: analysis.best)
        }.map { heatmapMultiples($0, spec: spec, pages: detailLinks, &files) }
        let tradeoffs = tradeoffs(spec, analysis, pages: detailLinks, &files)
        var topImage: ImageView?
        if !series.isEmpty {
            let chart = LineChart.equity(
                title: "Equity of the top \(series.count) by \(objectiveTitle)", series: series,
                buyAndHold: commonBuyAndHold(Array(analysis.ranking.prefix(Self.topCurves))), currency: study.base.currency, height: 420)
            files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("top-equity"), content: .lineChart(chart)))
            topImage = ImageView(
                src: OutputLayout.chart("top-equity"), alt: "Equity curves of the best runs", width: Int(chart.width),
                height: Int(chart.height))
        }
        // The results table: every configuration, the best rows in the page and all in its data.
        let markets = results.markets
        let grid = gridTable(spec, analysis, links: detailLinks)
        let caption =
            markets.map {
                "Configurations on \($0.markets.count) markets, best \($0.aggregate.rawValue) \(objectiveTitle) first; each metric is the markets' \($0.aggregate.rawValue)"
            }
            ?? "Runs, best \(objectiveTitle) first"
        let table = grid.pageTable(id: "results", caption: caption)
        files.append(SiteFile(path: "\(id)/\(Self.tableData)", content: .bytes(Data(grid.dataScript(id: "results").utf8))))
        let bestRun = analysis.best
        let periods = bestRun.flatMap(load)?.periodsPerYear ?? study.base.metrics.periodsPerYear ?? load(0)?.periodsPerYear ?? 252
        let robustness = robustnessSection(analysis.robustness, spec: spec, periods: periods, &files)
        let walkForward = walkForwardPage(results, spec: spec, &files)
        return OptimizationSectionView(
            objective: "\(spec.objective.maximize ? "maximize" : "minimize") \(objectiveTitle)"
                + (markets.map { " (the \($0.aggregate.rawValue) over \($0.markets.count) markets)" } ?? ""),
            parameters: spec.parameters.map {
                PairView(
                    name: $0.name,
                    value: "\($0.path.dotted): "
                        + ($0.values.count <= 12
                            ? $0.values.map(\.description).joined(separator: ", ")
                            : "\($0.values.first!) to \($0.values.last!), \($0.values.count) values"))
            },
            constraintsText: spec.constraints.isEmpty ? nil : spec.constraints.map(\.text).joined(separator: " and "),
            requirementsText: spec.requirements.isEmpty
                ? nil : spec.requirements.map { $0.allMarkets ? "\($0.text) on every market" : $0.text }.joined(separator: " and "),
            ranked: "\(analysis.ranking.count) of \(study.gridPoints.count) \(markets == nil ? "runs" : "configurations") ranked",
            heatmap: heatmapFigure, multiples: multiples, tradeoffs: tradeoffs,
            heatmapNote: "Blank cells: no run there (left out by the constraints, or failed). "
                + (analysis.best == nil
                    ? "No run meets every require, so none is the best. Click a cell for its row in the table."
                    : "The outlined cell is the best run. Click a cell for its run: its page for the best \(min(max(1, spec.detailRuns), analysis.ranking.count)), else its row in the table."),
            topEquity: topImage,
            best: bestRun.map { run in
                BestRunView(
                    label: study.label(configuration: run), link: detailLinks[run] ?? "",
                    metrics: [spec.objective.metric, .totalReturn, .maxDrawdown, .totalTrades, .winRate].map {
                        PairView(
                            name: MetricRegistry.definition($0).title,
                            value: MetricText.text(results.configurations[run].outcome.metrics?[$0], $0))
                    })
            },
            robustness: robustness, walkForward: walkForward, table: table)
    }

    /// The best value of a metric among `runs` (by the metric's direction).
    func bestValue(_ id: MetricID, runs: [Int]) -> Double? {
        let values = runs.compactMap { results.configurations[$0].outcome.metrics?[id] }
        return MetricRegistry.definition(id).direction == .higher ? values.max() : values.min()
    }
}
