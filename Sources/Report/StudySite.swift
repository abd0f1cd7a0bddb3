import Charts
import Engine
import Foundation
import Runner
import Study
import Workflows

/// A study's summary for the index page, kept beside its pages (`.backlab-summary`) so the index
/// can be rebuilt without reading any results.
struct StudySummary: Codable, Equatable {
    let id: String
    let name: String
    let kind: String
    let runs: Int
    let failed: Int
    let best: String
    let warnings: Int
}

/// The pages and charts of one study.
struct StudySite {
    let results: StudyResults
    let cache: ResultCache
    let templates: TemplateSet

    var study: StudyDefinition { results.study }
    var id: String { study.id }

    /// Rows of the results table kept in the page of a large grid (the rest is in results.csv).
    static let tableRows = 500
    /// Equity curves overlaid for a grid.
    static let topCurves = 10

    func load(_ run: Int) -> StoredResult? {
        guard case .hit(let data) = cache.read(results.hashes[run]) else { return nil }
        return StoredResult(decoding: data)
    }

    /// Every file of the study's part of the site, and its summary for the index.
    func files() throws -> (files: [SiteFile], summary: StudySummary) {
        var files: [SiteFile] = []
        var sections = StudyPageView.Sections()
        let page = PageView(title: study.base.name ?? id, root: "../", crumbs: [PairView(name: "Studies", value: "../index.html")])
        var best = "n/a"
        if let spec = study.optimization, let analysis = results.optimization {
            sections.optimization = try optimizationSection(spec, analysis, &files)
            if let run = analysis.best {
                best = "\(MetricRegistry.definition(spec.objective.metric).title.split(separator: "[").first!.trimmingCharacters(in: .whitespaces)) \(MetricText.text(results.outcomes[run].metrics?[spec.objective.metric], spec.objective.metric))"
            }
        }
        if let spec = study.variants, let comparison = results.variants {
            sections.variants = try variantSection(spec, comparison, &files)
            if study.optimization == nil, let metric = spec.metrics.first, let winner = comparison.best[metric]?.first {
                best = "\(spec.variants[winner].name): \(MetricRegistry.definition(metric).title) \(MetricText.text(results.outcomes[study.gridPoints.count + winner].metrics?[metric], metric))"
            }
        }
        if study.kind == .single, let stored = load(0) {
            let detail = RunDetail.make(label: study.base.name ?? "run", config: study.base, stored: stored, prefix: "charts/run", studyPath: id, pageDirectory: "")
            files += detail.files
            sections.single = detail.view
            best = "Sharpe \(MetricText.text(stored.metrics[.sharpeRatio], .sharpeRatio)), return \(MetricText.text(stored.metrics[.totalReturn], .totalReturn))"
        }
        let failures = results.outcomes.enumerated().compactMap { run, outcome in
            outcome.error.map { FailureView(run: study.label(at: run), error: $0) }
        }
        // The thumbnail for the index: the best grid run, the baseline variant, or the single run.
        let thumbnailRun = results.optimization?.best ?? study.variants.map { study.gridPoints.count + $0.baseline } ?? 0
        if let stored = load(thumbnailRun) {
            files.append(SiteFile(path: "\(id)/charts/thumbnail.png", content: .lineChart(LineChart(
                title: "", yLabel: "", series: [.init(name: "", times: stored.equityTime, values: stored.equity, color: Palette.series(0))],
                yFormat: .money, width: 160, height: 48, thumbnail: true))))
        }
        let view = StudyPageView(
            page: page, id: id, name: study.base.name ?? id, description: study.base.description, kind: study.kind.rawValue,
            runsText: results.outcomes.count == 1 ? "1 run" : "\(results.outcomes.count) runs", config: ConfigSummary.pairs(study.base), sections: sections,
            failures: failures, hasFailures: !failures.isEmpty)
        let template = study.optimization != nil ? "optimization" : study.variants != nil ? "variants" : "single"
        files.append(.page("\(id)/index.html", try templates.render(template, view)))
        let warnings = results.outcomes.compactMap { if case .finished(_, let w) = $0 { return w.isEmpty ? nil : 1 } else { return nil } }.count
        let summary = StudySummary(id: id, name: study.base.name ?? id, kind: study.kind.rawValue, runs: results.outcomes.count,
                                   failed: results.failedCount, best: best, warnings: warnings)
        return (files, summary)
    }

    // MARK: optimization

    func optimizationSection(_ spec: OptimizationSpec, _ analysis: OptimizationAnalysis,
                             _ files: inout [SiteFile]) throws -> OptimizationSectionView {
        let objectiveTitle = MetricRegistry.definition(spec.objective.metric).title
        var heatmapImage: ImageView?
        if let heatmap = analysis.heatmap {
            let x = spec.parameters[heatmap.xParameter], y = spec.parameters[heatmap.yParameter]
            let others = spec.parameters.indices.filter { $0 != heatmap.xParameter && $0 != heatmap.yParameter }
            let held = analysis.best.map { best in others.map { "\(spec.parameters[$0].name)=\(study.gridPoints[best][$0])" }.joined(separator: ", ") } ?? ""
            let chart = HeatmapChart.objective(
                title: "\(objectiveTitle) by \(x.name) and \(y.name)" + (held.isEmpty ? "" : " (\(held))"),
                xLabel: x.name, yLabel: y.name, xs: heatmap.xs.map(NumberText.format), ys: heatmap.ys.map(NumberText.format),
                values: heatmap.values, best: heatmap.best, format: MetricText.format(for: spec.objective.metric),
                metricTitle: objectiveTitle, maximize: spec.objective.maximize)
            files.append(SiteFile(path: "\(id)/charts/heatmap.png", content: .heatmap(chart)))
            heatmapImage = ImageView(src: "charts/heatmap.png", alt: "Heatmap of \(objectiveTitle) over \(x.name) and \(y.name)", width: Int(chart.width), height: Int(chart.height))
        }
        // The top runs' equity curves, the best emphasised.
        var series: [LineChart.Series] = []
        var detailLinks: [Int: String] = [:]
        for (position, run) in analysis.ranking.prefix(Self.topCurves).enumerated() {
            guard let stored = load(run) else { continue }
            series.append(.init(name: "#\(position + 1) \(study.label(at: run))", times: stored.equityTime, values: stored.equity,
                                color: Palette.series(position), emphasized: position == 0))
            let detail = RunDetail.make(label: study.label(at: run), config: study.config(at: run), stored: stored,
                                        prefix: "runs/\(run + 1)", studyPath: id, pageDirectory: "runs")
            files += detail.files
            let runPage = RunPageView(
                page: PageView(title: "\(study.base.name ?? id): \(study.label(at: run))", root: "../../",
                               crumbs: [PairView(name: "Studies", value: "../../index.html"), PairView(name: study.base.name ?? id, value: "../index.html")]),
                detail: detail.view, rank: "rank \(position + 1) of \(analysis.ranking.count) by \(objectiveTitle)")
            files.append(.page("\(id)/runs/\(run + 1).html", try templates.render("run", runPage)))
            detailLinks[run] = "runs/\(run + 1).html"
        }
        var topImage: ImageView?
        if !series.isEmpty {
            let chart = LineChart(title: "Equity of the top \(series.count) by \(objectiveTitle)", yLabel: "Equity [money]", series: series, yFormat: .money, height: 420)
            files.append(SiteFile(path: "\(id)/charts/top-equity.png", content: .lineChart(chart)))
            topImage = ImageView(src: "charts/top-equity.png", alt: "Equity curves of the best runs", width: Int(chart.width), height: Int(chart.height))
        }
        // The results table: ranked runs first (best first), then unranked, then failed.
        let order = analysis.ranking + study.gridPoints.indices.filter { analysis.ranks[$0] == nil && results.outcomes[$0].error == nil }
            + study.gridPoints.indices.filter { results.outcomes[$0].error != nil }
        let metricIDs = MetricID.allCases
        let bestValues = Dictionary(uniqueKeysWithValues: metricIDs.map { id in (id, bestValue(id, runs: Array(study.gridPoints.indices))) })
        var columns = [ColumnView(title: "Rank", numeric: true, descending: false)]
        columns += spec.parameters.map { ColumnView(title: $0.name, numeric: $0.values.allSatisfy { $0.number != nil }, descending: false) }
        columns += metricIDs.map { ColumnView(title: MetricRegistry.definition($0).title, numeric: true, descending: MetricRegistry.definition($0).direction == .higher) }
        let rows = order.prefix(Self.tableRows).map { run -> RowView in
            let rank = analysis.ranks[run]
            var cells = [CellView(text: rank.map(String.init) ?? "–", value: rank.map(String.init) ?? "", link: detailLinks[run])]
            cells += study.gridPoints[run].map { CellView(text: $0.description, value: $0.number.map(NumberText.format) ?? $0.description) }
            let metrics = results.outcomes[run].metrics
            cells += metricIDs.map { id in
                let v = metrics?[id]
                return CellView(text: metrics == nil ? "" : MetricText.text(v, id), value: MetricText.raw(v), best: v != nil && v == bestValues[id] ?? nil)
            }
            return RowView(cells: cells, failed: results.outcomes[run].error != nil, unranked: rank == nil)
        }
        let note = order.count > Self.tableRows
            ? "The \(Self.tableRows) best of \(order.count) runs; every run is in results.csv and results.json."
            : nil
        let table = TableView(id: "results", caption: "Runs, best \(objectiveTitle) first", columns: columns, rows: rows, note: note)
        let bestRun = analysis.best
        return OptimizationSectionView(
            objective: "\(spec.objective.maximize ? "maximize" : "minimize") \(objectiveTitle)",
            parameters: spec.parameters.map { PairView(name: $0.name, value: "\($0.path.dotted): " + ($0.values.count <= 12 ? $0.values.map(\.description).joined(separator: ", ") : "\($0.values.first!) to \($0.values.last!), \($0.values.count) values")) },
            constraintsText: spec.constraints.isEmpty ? nil : spec.constraints.map(\.text).joined(separator: " and "),
            requirementsText: spec.requirements.isEmpty ? nil : spec.requirements.map(\.text).joined(separator: " and "),
            ranked: "\(analysis.ranking.count) of \(study.gridPoints.count) runs ranked",
            heatmap: heatmapImage, topEquity: topImage,
            best: bestRun.map { run in
                BestRunView(label: study.label(at: run), link: detailLinks[run] ?? "",
                            metrics: [spec.objective.metric, .totalReturn, .maxDrawdown, .totalTrades, .winRate].map { PairView(name: MetricRegistry.definition($0).title, value: MetricText.text(results.outcomes[run].metrics?[$0], $0)) })
            },
            table: table)
    }

    /// The best value of a metric among `runs` (by the metric's direction).
    func bestValue(_ id: MetricID, runs: [Int]) -> Double? {
        let values = runs.compactMap { results.outcomes[$0].metrics?[id] }
        return MetricRegistry.definition(id).direction == .higher ? values.max() : values.min()
    }

    // MARK: variants

    func variantSection(_ spec: VariantSpec, _ comparison: VariantComparison, _ files: inout [SiteFile]) throws -> VariantSectionView {
        let offset = study.gridPoints.count
        var equitySeries: [LineChart.Series] = [], drawdownSeries: [LineChart.Series] = []
        var links: [String] = []
        for (index, variant) in spec.variants.enumerated() {
            let run = offset + index
            guard let stored = load(run) else { links.append(""); continue }
            let color = Palette.series(index)
            equitySeries.append(.init(name: variant.name, times: stored.equityTime, values: stored.equity, color: color, emphasized: index == spec.baseline))
            drawdownSeries.append(.init(name: variant.name, times: stored.equityTime, values: RunDetail.drawdown(stored.equity), color: color, emphasized: index == spec.baseline))
            let detail = RunDetail.make(label: variant.name, config: variant.config, stored: stored, prefix: "runs/\(run + 1)", studyPath: id, pageDirectory: "runs")
            files += detail.files
            let runPage = RunPageView(
                page: PageView(title: "\(study.base.name ?? id): \(variant.name)", root: "../../",
                               crumbs: [PairView(name: "Studies", value: "../../index.html"), PairView(name: study.base.name ?? id, value: "../index.html")]),
                detail: detail.view, rank: index == spec.baseline ? "the baseline" : "a variant")
            files.append(.page("\(id)/runs/\(run + 1).html", try templates.render("run", runPage)))
            links.append("runs/\(run + 1).html")
        }
        let equity = LineChart(title: "Equity of every variant", yLabel: "Equity [money]", series: equitySeries, yFormat: .money, height: 420)
        let drawdown = LineChart(title: "Drawdown of every variant", yLabel: "Below the running peak [%]", series: drawdownSeries, yFormat: .percent, fillToZero: true, height: 300)
        let metricDefinitions = spec.metrics.map(MetricRegistry.definition)
        let heatmap = HeatmapChart.ranks(
            title: "Variants by metric (colour: rank within each metric)", variants: spec.variants.map(\.name),
            metrics: metricDefinitions.map { ($0.title, $0.direction == .higher, MetricText.format(for: $0.id)) },
            values: spec.variants.indices.map { v in spec.metrics.map { results.outcomes[offset + v].metrics?[$0] } })
        files.append(SiteFile(path: "\(id)/charts/variants-equity.png", content: .lineChart(equity)))
        files.append(SiteFile(path: "\(id)/charts/variants-drawdown.png", content: .lineChart(drawdown)))
        files.append(SiteFile(path: "\(id)/charts/variants-metrics.png", content: .heatmap(heatmap)))
        // Comparison table: chosen metrics first, then the rest; best per chosen metric marked.
        let allMetrics = spec.metrics + MetricID.allCases.filter { !spec.metrics.contains($0) }
        var columns = [ColumnView(title: "Variant", numeric: false, descending: false)]
        columns += allMetrics.map { ColumnView(title: MetricRegistry.definition($0).title, numeric: true, descending: MetricRegistry.definition($0).direction == .higher) }
        let rows = spec.variants.indices.map { index -> RowView in
            let metrics = results.outcomes[offset + index].metrics
            var cells = [CellView(text: spec.variants[index].name + (index == spec.baseline ? " (baseline)" : ""), value: spec.variants[index].name,
                                  link: links[index].isEmpty ? nil : links[index])]
            cells += allMetrics.map { id in
                let v = metrics?[id]
                let isBest = spec.metrics.contains(id) ? (comparison.best[id] ?? []).contains(index) : v != nil && v == bestValue(id, runs: spec.variants.indices.map { offset + $0 })
                return CellView(text: metrics == nil ? "" : MetricText.text(v, id), value: MetricText.raw(v), best: isBest)
            }
            return RowView(cells: cells, failed: results.outcomes[offset + index].error != nil, unranked: false)
        }
        let differences = spec.variants.indices.map { index in
            DifferenceView(variant: spec.variants[index].name, link: links[index], isBaseline: index == spec.baseline,
                           items: comparison.differences[index].map { DifferenceItemView(path: $0.path, baseline: $0.baseline, variant: $0.variant) },
                           none: comparison.differences[index].isEmpty)
        }
        return VariantSectionView(
            baseline: spec.variants[spec.baseline].name,
            table: TableView(id: "variants", caption: "Variants (best value per metric marked ★)", columns: columns, rows: rows, note: nil),
            equity: ImageView(src: "charts/variants-equity.png", alt: "Equity curves of every variant", width: Int(equity.width), height: Int(equity.height)),
            drawdown: ImageView(src: "charts/variants-drawdown.png", alt: "Drawdowns of every variant", width: Int(drawdown.width), height: Int(drawdown.height)),
            metricsHeatmap: ImageView(src: "charts/variants-metrics.png", alt: "Variants by metric, coloured by rank", width: Int(heatmap.width), height: Int(heatmap.height)),
            differences: differences)
    }
}

/// The model of a study page.
struct StudyPageView {
    struct Sections {
        var optimization: OptimizationSectionView?
        var variants: VariantSectionView?
        var single: RunDetailView?
    }

    let page: PageView
    let id: String
    let name: String
    let description: String?
    let kind: String
    let runsText: String
    let config: [PairView]
    let sections: Sections
    let failures: [FailureView]
    let hasFailures: Bool
}

struct BestRunView {
    let label: String
    let link: String
    let metrics: [PairView]
}

struct OptimizationSectionView {
    let objective: String
    let parameters: [PairView]
    let constraintsText: String?
    let requirementsText: String?
    let ranked: String
    let heatmap: ImageView?
    let topEquity: ImageView?
    let best: BestRunView?
    let table: TableView
}

struct DifferenceItemView {
    let path: String
    let baseline: String
    let variant: String
}

struct DifferenceView {
    let variant: String
    let link: String
    let isBaseline: Bool
    let items: [DifferenceItemView]
    let none: Bool
}

struct VariantSectionView {
    let baseline: String
    let table: TableView
    let equity: ImageView
    let drawdown: ImageView
    let metricsHeatmap: ImageView
    let differences: [DifferenceView]
}

/// A run's own page.
struct RunPageView {
    let page: PageView
    let detail: RunDetailView
    let rank: String
}
