import Charts
import Engine
import Foundation
import Study
import Workflows

/// The optimization section of a study page: heatmap, top equity curves, results table, best run.
extension StudySite {
    func optimizationSection(_ spec: OptimizationSpec, _ analysis: OptimizationAnalysis, _ files: inout [SiteFile])
        -> OptimizationSectionView
    {
        let objectiveTitle = MetricRegistry.definition(spec.objective.metric).title
        var heatmapImage: ImageView?
        if let heatmap = analysis.heatmap {
            let x = spec.parameters[heatmap.xParameter]
            let y = spec.parameters[heatmap.yParameter]
            let others = spec.parameters.indices.filter { $0 != heatmap.xParameter && $0 != heatmap.yParameter }
            let held =
                analysis.best.map { best in
                    others.map { "\(spec.parameters[$0].name)=\(study.gridPoints[best][$0])" }.joined(separator: ", ")
                } ?? ""
            let chart = HeatmapChart.objective(
                title: "\(objectiveTitle) by \(x.name) and \(y.name)" + (held.isEmpty ? "" : " (\(held))"),
                xLabel: x.name, yLabel: y.name, xs: heatmap.xs.map(NumberText.format), ys: heatmap.ys.map(NumberText.format),
                values: heatmap.values, best: heatmap.best, format: MetricText.format(for: spec.objective.metric),
                metricTitle: objectiveTitle, maximize: spec.objective.maximize)
            files.append(SiteFile(path: "\(id)/" + OutputLayout.chart("heatmap"), content: .heatmap(chart)))
            heatmapImage = ImageView(
                src: OutputLayout.chart("heatmap"), alt: "Heatmap of \(objectiveTitle) over \(x.name) and \(y.name)",
                width: Int(chart.width), height: Int(chart.height))
        }
        // The top runs' equity curves, the best emphasised.
        var series: [LineChart.Series] = []
        var detailLinks: [Int: String] = [:]
        for (position, run) in analysis.ranking.prefix(Self.topCurves).enumerated() {
            guard let stored = load(run) else { continue }
            series.append(
                .init(
                    name: "#\(position + 1) \(study.label(configuration: run))", times: stored.equityTime, values: stored.equity,
                    color: Palette.series(position), emphasized: position == 0))
            let detail = RunDetail.make(
                label: study.label(configuration: run), config: study.config(configuration: run), stored: stored,
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
        // The results table: ranked runs first (best first), then unranked, then failed.
        let order =
            analysis.ranking
            + study.gridPoints.indices.filter { analysis.ranks[$0] == nil && results.configurations[$0].outcome.error == nil }
            + study.gridPoints.indices.filter { results.configurations[$0].outcome.error != nil }
        let metricIDs = MetricID.allCases
        let bestValues = Dictionary(
            uniqueKeysWithValues: metricIDs.map { id in (id, bestValue(id, runs: Array(study.gridPoints.indices))) })
        var columns = [ColumnView(title: "Rank", numeric: true, descending: false)]
        columns += spec.parameters.map { ColumnView(title: $0.name, numeric: $0.values.allSatisfy { $0.number != nil }, descending: false) }
        // Over several markets: the objective on each market, then every metric's aggregate.
        let markets = results.markets
        let objective = spec.objective.metric
        columns += (markets?.markets ?? []).map {
            ColumnView(title: "\(objectiveTitle) on \($0.name)", numeric: true, descending: spec.objective.maximize)
        }
        columns += metricIDs.map {
            ColumnView(
                title: MetricRegistry.definition($0).title, numeric: true, descending: MetricRegistry.definition($0).direction == .higher)
        }
        let rows = order.prefix(Self.tableRows).map { run -> RowView in
            let rank = analysis.ranks[run]
            var cells = [CellView(text: rank.map(String.init) ?? "–", value: rank.map(String.init) ?? "", link: detailLinks[run])]
            cells += study.gridPoints[run].map { CellView(text: $0.description, value: $0.number.map(NumberText.format) ?? $0.description) }
            cells += (markets?.runs[run] ?? []).map { market in
                let v = market.outcome.metrics?[objective]
                return CellView(text: MetricText.text(v, objective), value: MetricText.raw(v), negative: (v ?? 0) < 0)
            }
            let metrics = results.configurations[run].outcome.metrics
            cells += metricIDs.map { id in
                let v = metrics?[id]
                return CellView(
                    text: metrics == nil ? "" : MetricText.text(v, id), value: MetricText.raw(v),
                    best: v != nil && v == bestValues[id] ?? nil)
            }
            return RowView(cells: cells, failed: results.configurations[run].outcome.error != nil, unranked: rank == nil)
        }
        let note =
            order.count > Self.tableRows
            ? "The \(Self.tableRows) best of \(order.count) runs; every run is in results.csv and results.json."
            : nil
        let caption =
            markets.map {
                "Configurations on \($0.markets.count) markets, best \($0.aggregate.rawValue) \(objectiveTitle) first; each metric is the markets' \($0.aggregate.rawValue)"
            }
            ?? "Runs, best \(objectiveTitle) first"
        let table = TableView(id: "results", caption: caption, columns: columns, rows: rows, note: note)
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
            heatmap: heatmapImage, topEquity: topImage,
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
